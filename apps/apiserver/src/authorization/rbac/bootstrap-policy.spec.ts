import { ResourceCatalog } from '@orchestra/api';
import { UserInfo } from '../../authentication/user-info';
import { AuthorizationAttributes } from '../authorizer';
import { aggregatedRules } from './aggregated-rules';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy';
import { RbacAuthorizer } from './rbac.authorizer';
import { RbacCache } from './rbac-cache';

const cache = new RbacCache(new ResourceCatalog());
for (const o of [...bootstrapClusterRoles, ...bootstrapClusterRoleBindings]) cache.put(o);
const rbac = new RbacAuthorizer(cache);

const user = (username: string, groups: string[] = []): UserInfo => ({
  username,
  groups: [...groups, 'system:authenticated'],
});

/** `verb group/resource[/sub] [ns|-] [name]` (core: `/pods`); `verb path:/metrics` for non-resource requests. */
function attrs(u: UserInfo, line: string): AuthorizationAttributes {
  const [verb, target, namespace, name] = line.split(' ');
  if (target.startsWith('path:')) return { user: u, verb, resourceRequest: false, path: target.slice(5) };
  const [group, resource, subresource] = target.split('/');
  return {
    user: u,
    verb,
    resourceRequest: true,
    apiGroup: group,
    resource,
    subresource,
    namespace: namespace === '-' ? undefined : namespace,
    name,
  };
}
const allowed = (u: UserInfo, line: string) => rbac.decide(attrs(u, line)).decision === 'allow';

describe('default RBAC policy', () => {
  it('gives the scheduler what it reads and writes, nothing more', () => {
    const scheduler = user('system:kube-scheduler');
    for (const line of [
      'list /pods',
      'watch /nodes',
      'create /pods/binding ns web',
      'patch /pods/status ns web',
      'create /events ns',
      'patch /events ns e',
      'create coordination.k8s.io/leases kube-system',
      'update coordination.k8s.io/leases kube-system kube-scheduler',
      'get coordination.k8s.io/leases kube-system kube-scheduler',
      'watch chaos.orchestra.dev/chaosexperiments',
      'patch chaos.orchestra.dev/chaosexperiments ns run',
      'get path:/api',
    ])
      expect([line, allowed(scheduler, line)]).toEqual([line, true]);
    for (const line of [
      'update coordination.k8s.io/leases kube-system kube-controller-manager',
      'delete /pods ns web',
      'patch /nodes - n1',
      'patch chaos.orchestra.dev/chaosexperiments/status ns run',
    ])
      expect([line, allowed(scheduler, line)]).toEqual([line, false]);
  });

  it('gives the controller-manager its controllers’ reads and writes, chaos status included', () => {
    const cm = user('system:kube-controller-manager');
    for (const line of [
      'watch /pods',
      'watch apps/deployments',
      'watch apps/replicasets',
      'watch /namespaces',
      'watch /services',
      'watch /endpoints',
      'watch /nodes',
      'watch coordination.k8s.io/leases',
      'watch chaos.orchestra.dev/chaosexperiments',
      'create /pods ns',
      'delete /pods ns p',
      'patch /pods ns p',
      'update /pods/status ns p',
      'create apps/replicasets ns',
      'update apps/replicasets ns r',
      'update apps/replicasets/status ns r',
      'delete apps/replicasets ns r',
      'patch apps/replicasets ns r',
      'update apps/deployments ns d',
      'update apps/deployments/status ns d',
      'create /endpoints ns',
      'update /endpoints ns e',
      'delete /endpoints ns e',
      'update /nodes - n1',
      'patch /nodes - n1',
      'update /nodes/status - n1',
      'deletecollection rbac.authorization.k8s.io/rolebindings ns',
      'list /serviceaccounts ns',
      'update /namespaces/finalize - ns',
      'patch chaos.orchestra.dev/chaosexperiments/status ns run',
      'create /events ns',
      'update coordination.k8s.io/leases kube-system kube-controller-manager',
      'watch /resourcequotas',
      'update /resourcequotas/status ns q',
      'watch /serviceaccounts',
      'create /serviceaccounts ns',
    ])
      expect([line, allowed(cm, line)]).toEqual([line, true]);
    for (const line of [
      'create rbac.authorization.k8s.io/rolebindings ns',
      'get /secrets ns s',
      'delete /nodes - n1',
    ])
      expect([line, allowed(cm, line)]).toEqual([line, false]);
  });

  it('gives kube-proxy, kube-state-metrics and Prometheus their reads', () => {
    const proxy = user('system:kube-proxy');
    for (const line of [
      'watch /services',
      'watch /endpoints',
      'watch /nodes',
      'watch chaos.orchestra.dev/chaosexperiments',
    ])
      expect([line, allowed(proxy, line)]).toEqual([line, true]);
    expect(allowed(proxy, 'delete /pods ns p')).toBe(false);
    const ksm = user('system:kube-state-metrics');
    for (const line of [
      'list /pods',
      'watch /nodes',
      'watch /namespaces',
      'watch apps/deployments',
      'watch apps/replicasets',
      'watch /services',
      'watch /endpoints',
      'list apps/daemonsets',
      'watch apps/daemonsets',
      'watch apps/statefulsets',
      'list batch/jobs',
      'watch batch/jobs',
      'watch batch/cronjobs',
      'list autoscaling/horizontalpodautoscalers',
      'watch autoscaling/horizontalpodautoscalers',
    ])
      expect([line, allowed(ksm, line)]).toEqual([line, true]);
    expect(allowed(ksm, 'get /pods ns p')).toBe(false);
    expect(allowed(ksm, 'delete batch/jobs ns j')).toBe(false);
    const prometheus = user('system:prometheus');
    expect(allowed(prometheus, 'get path:/metrics')).toBe(true);
    expect(allowed(prometheus, 'get /nodes/metrics - n1')).toBe(true);
    expect(allowed(prometheus, 'get /pods ns p')).toBe(false);
  });

  it("gives the cluster DNS addon (kube-system's coredns ServiceAccount) system:coredns' reads, nothing more", () => {
    const coredns = user('system:serviceaccount:kube-system:coredns', [
      'system:serviceaccounts',
      'system:serviceaccounts:kube-system',
    ]);
    for (const line of [
      'list /services',
      'watch /endpoints',
      'watch /pods',
      'watch /namespaces',
      // Its chaos agent: component-kill and -pause of cluster-dns.
      'watch chaos.orchestra.dev/chaosexperiments',
    ])
      expect([line, allowed(coredns, line)]).toEqual([line, true]);
    for (const line of ['get /pods ns p', 'create /services ns', 'list /secrets', 'watch /nodes'])
      expect([line, allowed(coredns, line)]).toEqual([line, false]);
    // The binding names the ServiceAccount, not some user that happens to be called coredns.
    expect(allowed(user('coredns'), 'list /services')).toBe(false);
    expect(allowed(user('system:serviceaccount:default:coredns'), 'list /services')).toBe(false);
  });

  it('edit writes workloads but not RBAC, quotas, statuses or chaos; view never reads secrets', () => {
    const bind = (role: string, name: string) =>
      cache.put({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name, namespace: 'a' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects: [{ kind: 'User', name }],
      } as never);
    bind('edit', 'ed');
    bind('view', 'vi');
    bind('admin', 'ad');
    bind('orchestra:chaos-engineer', 'ce');
    const ed = user('ed');
    for (const line of [
      'create apps/deployments a',
      'patch apps/deployments/scale a d',
      'delete /pods a p',
      'get /secrets a s',
    ])
      expect([line, allowed(ed, line)]).toEqual([line, true]);
    for (const line of [
      'create rbac.authorization.k8s.io/rolebindings a',
      'create /resourcequotas a',
      'update /pods/status a p',
      'create chaos.orchestra.dev/chaosexperiments a',
      'patch chaos.orchestra.dev/chaosexperiments/status a r',
      'create apps/deployments b',
    ])
      expect([line, allowed(ed, line)]).toEqual([line, false]);
    const vi = user('vi');
    expect(allowed(vi, 'get /pods a p')).toBe(true);
    expect(allowed(vi, 'get chaos.orchestra.dev/chaosexperiments a r')).toBe(true);
    expect(allowed(vi, 'get /secrets a s')).toBe(false);
    expect(allowed(vi, 'create /pods a')).toBe(false);
    const ad = user('ad');
    expect(allowed(ad, 'create rbac.authorization.k8s.io/rolebindings a')).toBe(true);
    expect(allowed(ad, 'create authorization.k8s.io/localsubjectaccessreviews a')).toBe(true);
    expect(allowed(ad, 'create rbac.authorization.k8s.io/clusterroles -')).toBe(false);
    const ce = user('ce');
    expect(allowed(ce, 'create chaos.orchestra.dev/chaosexperiments a')).toBe(true);
    expect(allowed(ce, 'patch chaos.orchestra.dev/chaosexperiments/status a r')).toBe(false);
  });

  it('lets everyone discover and review themselves, and anyone see health and version', () => {
    const someone = user('someone');
    for (const line of [
      'get path:/api',
      'get path:/apis/apps/v1',
      'get path:/version',
      'get path:/openapi/v3',
      'create authorization.k8s.io/selfsubjectaccessreviews',
      'create authentication.k8s.io/selfsubjectreviews',
    ])
      expect([line, allowed(someone, line)]).toEqual([line, true]);
    const anonymous: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };
    expect(allowed(anonymous, 'get path:/healthz')).toBe(true);
    expect(allowed(anonymous, 'get path:/api')).toBe(false);
    expect(allowed(someone, 'get path:/metrics')).toBe(false);
  });
});

describe('default aggregated ClusterRoles', () => {
  it('hold what the aggregation would write, so a fresh cluster has nothing to aggregate', () => {
    for (const role of bootstrapClusterRoles.filter((r) => r.aggregationRule)) {
      expect(role.rules).toEqual(aggregatedRules(role, bootstrapClusterRoles));
      expect(role.rules!.length).toBeGreaterThan(0);
    }
    const admin = bootstrapClusterRoles.find((r) => r.metadata.name === 'admin')!;
    expect(admin.rules).toContainEqual(expect.objectContaining({ resources: ['roles', 'rolebindings'] }));
    expect(admin.rules).toContainEqual(expect.objectContaining({ resources: ['namespaces'] }));
  });
});
