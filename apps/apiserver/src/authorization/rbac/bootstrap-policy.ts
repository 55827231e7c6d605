/**
 * The default RBAC policy (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go), for the
 * resources Orchestra serves, and the components' own roles, least privilege: each reads what its
 * informers read and writes only what it writes (apps/scheduler, apps/controller-manager,
 * apps/proxy, apps/kube-state-metrics; the kubelets are the Node authorizer's). The apiserver
 * reconciles them at start (bootstrap-roles.reconciler.ts).
 *
 * ChaosExperiments: `view` reads them; writing them (which injects chaos: the /chaos/v1
 * endpoints are authorized as `create chaosexperiments`) takes `orchestra:chaos-engineer` (or
 * cluster-admin), not `edit`; chaosexperiments/status (a run's verdict) is written only by the
 * controller-manager, so results cannot be forged.
 */
import { nodeRules } from '../node/node-rules';
import { aggregatedRules } from './aggregated-rules';
import { ClusterRole, ClusterRoleBinding, PolicyRule, RBAC_GROUP, Subject } from './rbac.types';

export const bootstrappingLabel = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
export const autoupdateAnnotation = 'rbac.authorization.kubernetes.io/autoupdate';
export const aggregateTo = (role: 'admin' | 'edit' | 'view') =>
  `rbac.authorization.k8s.io/aggregate-to-${role}`;

const read = ['get', 'list', 'watch'];
const write = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const readWrite = [...read, ...write];
const events = ['create', 'update', 'patch'];

const core = '';
const apps = 'apps';
const batch = 'batch';
const autoscaling = 'autoscaling';
const coordination = 'coordination.k8s.io';
const chaos = 'chaos.orchestra.dev';
const authorization = 'authorization.k8s.io';
const authentication = 'authentication.k8s.io';

function rule(
  verbs: string[],
  apiGroups: string[],
  resources: string[],
  resourceNames?: string[],
): PolicyRule {
  return { verbs, apiGroups, resources, ...(resourceNames ? { resourceNames } : {}) };
}
const urls = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({ verbs, nonResourceURLs });

function clusterRole(
  name: string,
  rules: PolicyRule[],
  extra: { labels?: Record<string, string>; aggregateFrom?: string } = {},
): ClusterRole {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: {
      name,
      labels: { ...bootstrappingLabel, ...extra.labels },
      annotations: { [autoupdateAnnotation]: 'true' },
    },
    ...(extra.aggregateFrom
      ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [extra.aggregateFrom]: 'true' } }] } }
      : {}),
    rules,
  };
}

const user = (name: string): Subject => ({ apiGroup: RBAC_GROUP, kind: 'User', name });
const group = (name: string): Subject => ({ apiGroup: RBAC_GROUP, kind: 'Group', name });
const serviceAccount = (namespace: string, name: string): Subject => ({
  kind: 'ServiceAccount',
  namespace,
  name,
});

function clusterRoleBinding(role: string, subjects: Subject[], name = role): ClusterRoleBinding {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: { ...bootstrappingLabel }, annotations: { [autoupdateAnnotation]: 'true' } },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    subjects,
  };
}

/** system:aggregate-to-view: read non-escalating namespaced resources (never secrets). */
const viewRules: PolicyRule[] = [
  rule(read, [core], ['pods', 'serviceaccounts', 'services', 'services/status', 'endpoints', 'configmaps']),
  rule(read, [core], ['persistentvolumeclaims', 'persistentvolumeclaims/status']),
  rule(
    read,
    [core],
    [
      'limitranges',
      'resourcequotas',
      'bindings',
      'events',
      'pods/status',
      'resourcequotas/status',
      'namespaces/status',
      'pods/log',
    ],
  ),
  // Reading namespaces at the namespace scope means reading *this* namespace.
  rule(read, [core], ['namespaces']),
  rule(
    read,
    [apps],
    [
      'deployments',
      'deployments/status',
      'deployments/scale',
      'replicasets',
      'replicasets/status',
      'replicasets/scale',
      'daemonsets',
      'daemonsets/status',
      'statefulsets',
      'statefulsets/status',
      'statefulsets/scale',
      'controllerrevisions',
    ],
  ),
  rule(read, [batch], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
  rule(read, [autoscaling], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
  rule(read, [chaos], ['chaosexperiments', 'chaosexperiments/status']),
];

/** system:aggregate-to-edit: every user-level write in a namespace, no status, quota or RBAC writes. */
const editRules: PolicyRule[] = [
  rule(
    read,
    [core],
    ['pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward', 'secrets', 'services/proxy'],
  ),
  rule(['impersonate'], [core], ['serviceaccounts']),
  rule(write, [core], ['pods', 'pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward']),
  rule(['create'], [core], ['pods/eviction']),
  rule(write, [core], ['serviceaccounts', 'services', 'services/proxy', 'configmaps', 'secrets', 'events']),
  rule(write, [core], ['persistentvolumeclaims']),
  rule(['create'], [core], ['serviceaccounts/token']),
  rule(
    write,
    [apps],
    [
      'daemonsets',
      'deployments',
      'deployments/scale',
      'deployments/rollback',
      'replicasets',
      'replicasets/scale',
      'statefulsets',
      'statefulsets/scale',
    ],
  ),
  rule(write, [batch], ['cronjobs', 'jobs']),
  rule(write, [autoscaling], ['horizontalpodautoscalers']),
];

/** system:aggregate-to-admin: edit plus granting within the namespace. */
const adminRules: PolicyRule[] = [
  rule(['create'], [authorization], ['localsubjectaccessreviews']),
  rule(readWrite, [RBAC_GROUP], ['roles', 'rolebindings']),
];

/** Leader election in kube-system (LeaderElector): create the Lease, then read and renew its own. */
const leaderElection = (lease: string): PolicyRule[] => [
  rule(['create'], [coordination], ['leases']),
  rule(['get', 'update', 'patch'], [coordination], ['leases'], [lease]),
];

/** ComponentChaosAgent: follows ChaosExperiments, reports back with an annotation patch. */
const chaosAgent = rule(['get', 'list', 'watch', 'patch'], [chaos], ['chaosexperiments']);
const eventWriter = rule(events, [core], ['events']);

const schedulerRules: PolicyRule[] = [
  eventWriter,
  ...leaderElection('kube-scheduler'),
  rule(read, [core], ['nodes', 'pods']),
  rule(['create'], [core], ['pods/binding', 'bindings']),
  rule(['patch', 'update'], [core], ['pods/status']),
  chaosAgent,
];

const controllerManagerRules: PolicyRule[] = [
  eventWriter,
  ...leaderElection('kube-controller-manager'),
  // Informers: pods, replicasets, deployments, daemonsets, namespaces, services, endpoints, nodes,
  // chaos, node leases.
  rule(read, [core], ['pods', 'namespaces', 'services', 'endpoints', 'nodes']),
  rule(read, [apps], ['deployments', 'replicasets', 'daemonsets']),
  rule(read, [coordination], ['leases']),
  // ReplicaSet, Deployment and garbage collector; node lifecycle (evictions, Ready=False on pods).
  rule(['create', 'update', 'patch', 'delete'], [core], ['pods']),
  rule(['update', 'patch'], [core], ['pods/status']),
  rule(['create', 'update', 'patch', 'delete'], [apps], ['replicasets', 'deployments']),
  rule(['update', 'patch'], [apps], ['replicasets/status', 'deployments/status']),
  // DaemonSet controller: creates and deletes pods (rules above), writes the DaemonSet's status.
  rule(['update', 'patch'], [apps], ['daemonsets/status']),
  // StatefulSet controller: pods (rules above), their claims, its revision history and status.
  rule(read, [apps], ['statefulsets', 'controllerrevisions']),
  rule(['update', 'patch'], [apps], ['statefulsets/status']),
  rule(['create', 'update', 'patch', 'delete'], [apps], ['controllerrevisions']),
  rule(read, [core], ['persistentvolumeclaims']),
  // Created by the StatefulSet controller, deleted by the garbage collector once the owner the
  // retention policy gave them (the set, or a condemned pod) is gone.
  rule(['create', 'delete'], [core], ['persistentvolumeclaims']),
  // The volume binder: binds each claim (spec.volumeName once, then its status).
  rule(['update', 'patch'], [core], ['persistentvolumeclaims', 'persistentvolumeclaims/status']),
  // Endpoints controller.
  rule(['create', 'update', 'patch', 'delete'], [core], ['endpoints']),
  // Node lifecycle: taints and conditions; the chaos controller's node annotations and cordons.
  rule(['update', 'patch'], [core], ['nodes', 'nodes/status']),
  // Namespace controller: empties a terminating namespace of every namespaced kind (as Kubernetes'
  // namespace-controller role, `*` so that a kind added later is emptied too), then finalizes it.
  rule(['list', 'deletecollection'], ['*'], ['*']),
  rule(['update'], [core], ['namespaces/finalize', 'namespaces/status']),
  // ResourceQuota controller: recounts usage (lists through the rule above) into quota status.
  rule(read, [core], ['resourcequotas']),
  rule(['update', 'patch'], [core], ['resourcequotas/status']),
  // ServiceAccount controller: a `default` ServiceAccount in every namespace.
  rule(read, [core], ['serviceaccounts']),
  rule(['create'], [core], ['serviceaccounts']),
  // Job controller: reads Jobs, creates and deletes their pods (rules above), writes their status.
  rule(read, [batch], ['jobs', 'cronjobs']),
  rule(['update', 'patch'], [batch], ['jobs/status', 'cronjobs/status']),
  // CronJob controller: starts Jobs and deletes them (Replace, history limits).
  rule(['create', 'delete'], [batch], ['jobs']),
  // HorizontalPodAutoscaler controller (Kubernetes' horizontal-pod-autoscaler role): any kind's
  // scale subresource, the pods' resource metrics, and its HPAs' status.
  rule(read, [autoscaling], ['horizontalpodautoscalers']),
  rule(['update', 'patch'], [autoscaling], ['horizontalpodautoscalers/status']),
  rule(['get', 'update'], ['*'], ['*/scale']),
  rule(['list'], ['metrics.k8s.io'], ['pods']),
  // Chaos controller: runs experiments and is the only writer of their status.
  chaosAgent,
  rule(['update', 'patch'], [chaos], ['chaosexperiments/status']),
];

const proxyRules: PolicyRule[] = [
  rule(['list', 'watch'], [core], ['services', 'endpoints']),
  rule(read, [core], ['nodes']),
  eventWriter,
  chaosAgent,
];

/**
 * Kubernetes' system:cloud-controller-manager (the cloud provider's CCM role), with the cluster
 * autoscaler's needs folded in, since one process runs both here: the cloud-node controllers
 * label, untaint and delete Nodes; the service controller writes LoadBalancer status and its
 * finalizer; the autoscaler reads pending pods and cordons the empty nodes it removes.
 */
const cloudControllerManagerRules: PolicyRule[] = [
  eventWriter,
  rule(['get', 'list', 'watch', 'update', 'patch', 'delete'], [core], ['nodes']),
  rule(['patch', 'update'], [core], ['nodes/status']),
  rule(['list', 'watch', 'patch', 'update'], [core], ['services']),
  rule(['patch', 'update'], [core], ['services/status']),
  rule(['list', 'watch'], [core], ['pods']),
];

const kubeStateMetricsRules: PolicyRule[] = [
  rule(['list', 'watch'], [core], ['pods', 'nodes', 'namespaces', 'services', 'endpoints']),
  rule(['list', 'watch'], [apps], ['deployments', 'replicasets', 'daemonsets', 'statefulsets']),
  rule(['list', 'watch'], [batch], ['jobs', 'cronjobs']),
  rule(['list', 'watch'], [autoscaling], ['horizontalpodautoscalers']),
];

/**
 * The cluster DNS addon's reads (kubeadm's `system:coredns` ClusterRole, bound to the coredns
 * ServiceAccount of kube-system): the CoreDNS kubernetes plugin's informers; plus, as every
 * Orchestra component, the chaos agent's (component-kill and -pause of cluster-dns).
 */
const corednsRules: PolicyRule[] = [
  rule(['list', 'watch'], [core], ['endpoints', 'services', 'pods', 'namespaces']),
  chaosAgent,
];

const defaultClusterRoles: ClusterRole[] = [
  clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
  // admin, edit and view hold what the system:aggregate-to-* roles (and any user role labelled
  // the same way) give them, as the aggregation controller writes it (see below).
  clusterRole('admin', [], { aggregateFrom: aggregateTo('admin') }),
  clusterRole('edit', [], {
    aggregateFrom: aggregateTo('edit'),
    labels: { [aggregateTo('admin')]: 'true' },
  }),
  clusterRole('view', [], {
    aggregateFrom: aggregateTo('view'),
    labels: { [aggregateTo('edit')]: 'true' },
  }),
  clusterRole('system:aggregate-to-admin', adminRules, { labels: { [aggregateTo('admin')]: 'true' } }),
  clusterRole('system:aggregate-to-edit', editRules, { labels: { [aggregateTo('edit')]: 'true' } }),
  clusterRole('system:aggregate-to-view', viewRules, { labels: { [aggregateTo('view')]: 'true' } }),
  clusterRole('system:discovery', [
    urls(
      ['get'],
      [
        '/api',
        '/api/*',
        '/apis',
        '/apis/*',
        '/healthz',
        '/livez',
        '/openapi',
        '/openapi/*',
        '/readyz',
        '/version',
        '/version/',
      ],
    ),
  ]),
  clusterRole('system:basic-user', [
    rule(['create'], [authorization], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
    rule(['create'], [authentication], ['selfsubjectreviews']),
  ]),
  clusterRole('system:public-info-viewer', [
    urls(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/']),
  ]),
  clusterRole('system:monitoring', [
    urls(
      ['get'],
      ['/metrics', '/metrics/slis', '/livez', '/readyz', '/healthz', '/livez/*', '/readyz/*', '/healthz/*'],
    ),
  ]),
  // Bound to nobody, as in Kubernetes: the Node authorizer gives kubelets these rules, and more
  // precisely (their own Node and Lease, the pods bound to them).
  clusterRole('system:node', nodeRules),
  clusterRole('system:kube-scheduler', schedulerRules),
  clusterRole('system:kube-controller-manager', controllerManagerRules),
  clusterRole('system:node-proxier', proxyRules),
  clusterRole('system:cloud-controller-manager', cloudControllerManagerRules),
  clusterRole('orchestra:kube-state-metrics', kubeStateMetricsRules),
  clusterRole('system:coredns', corednsRules),
  clusterRole('orchestra:chaos-engineer', [
    rule(['create', 'get', 'list', 'watch', 'delete'], [chaos], ['chaosexperiments']),
    rule(['get'], [chaos], ['chaosexperiments/status']),
  ]),
  clusterRole('orchestra:prometheus', [
    urls(['get'], ['/metrics']),
    rule(['get'], [core], ['nodes/metrics', 'nodes/proxy']),
    rule(['list', 'watch'], [core], ['nodes', 'services', 'endpoints', 'pods']),
  ]),
];

/**
 * The default ClusterRoles, the aggregated ones holding exactly what the aggregation controller
 * would write (clusterrole-aggregation.ts), so a fresh cluster has nothing left to aggregate.
 */
export const bootstrapClusterRoles: ClusterRole[] = withAggregatedRules(defaultClusterRoles);

function withAggregatedRules(roles: ClusterRole[]): ClusterRole[] {
  let current = roles.map((role) => ({ ...role }));
  // Aggregation chains (view → edit → admin) settle in as many rounds as the chain is long.
  for (let round = 0; round < roles.length; round++) {
    const next = current.map((role) =>
      role.aggregationRule ? { ...role, rules: aggregatedRules(role, current) } : role,
    );
    if (JSON.stringify(next) === JSON.stringify(current)) break;
    current = next;
  }
  return current;
}

export const bootstrapClusterRoleBindings: ClusterRoleBinding[] = [
  clusterRoleBinding('cluster-admin', [group('system:masters')]),
  clusterRoleBinding('system:discovery', [group('system:authenticated')]),
  clusterRoleBinding('system:basic-user', [group('system:authenticated')]),
  clusterRoleBinding('system:public-info-viewer', [
    group('system:authenticated'),
    group('system:unauthenticated'),
  ]),
  clusterRoleBinding('system:kube-scheduler', [user('system:kube-scheduler')]),
  clusterRoleBinding('system:kube-controller-manager', [user('system:kube-controller-manager')]),
  clusterRoleBinding('system:node-proxier', [user('system:kube-proxy')]),
  clusterRoleBinding('system:cloud-controller-manager', [user('system:cloud-controller-manager')]),
  clusterRoleBinding('orchestra:kube-state-metrics', [user('system:kube-state-metrics')]),
  clusterRoleBinding('system:coredns', [serviceAccount('kube-system', 'coredns')]),
  clusterRoleBinding('system:monitoring', [user('system:prometheus')]),
  clusterRoleBinding('orchestra:prometheus', [user('system:prometheus')]),
];
