/**
 * What strategic merge patch knows of each kind: the lists Kubernetes' Go types tag
 * `patchStrategy:"merge"`, by path, with their `patchMergeKey`. Read it like the struct tags in
 * k8s.io/api core/v1 and apps/v1 types.go. Paths are dotted field names; `[]` steps into the
 * elements of a list (`spec.containers[].env`). Lists not named here are atomic: a patch replaces
 * them (tolerations, Node taints, Endpoints subsets, envFrom, ...).
 */

export interface ListMergeRule {
  /** The field identifying an element; absent for a list of primitives merged as a set (finalizers). */
  mergeKey?: string;
}

type Rules = Record<string, ListMergeRule>;

const by = (mergeKey: string): ListMergeRule => ({ mergeKey });
const primitives: ListMergeRule = {};

/** Prefixes every path of a fragment, so nested types read as they do in Go. */
const at = (prefix: string, rules: Rules): Rules =>
  Object.fromEntries(Object.entries(rules).map(([path, rule]) => [`${prefix}.${path}`, rule]));

// meta/v1 ObjectMeta
const objectMeta: Rules = {
  finalizers: primitives,
  ownerReferences: by('uid'),
};

// core/v1 Container (also used by initContainers and, field for field, ephemeralContainers)
const container: Rules = {
  ports: by('containerPort'),
  env: by('name'),
  volumeMounts: by('mountPath'),
  volumeDevices: by('devicePath'),
};

// core/v1 PodSpec
const podSpec: Rules = {
  containers: by('name'),
  ...at('containers[]', container),
  initContainers: by('name'),
  ...at('initContainers[]', container),
  ephemeralContainers: by('name'),
  ...at('ephemeralContainers[]', container),
  volumes: by('name'),
  imagePullSecrets: by('name'),
  hostAliases: by('ip'),
  topologySpreadConstraints: by('topologyKey'),
  resourceClaims: by('name'),
  schedulingGates: by('name'),
};

// core/v1 PodTemplateSpec
const podTemplate: Rules = { ...at('metadata', objectMeta), ...at('spec', podSpec) };

const conditions: Rules = { conditions: by('type') };

export const patchMergeKeys: Readonly<Record<string, Rules>> = {
  Pod: {
    ...at('metadata', objectMeta),
    ...at('spec', podSpec),
    ...at('status', { ...conditions, podIPs: by('ip'), hostIPs: by('ip') }),
  },
  Node: {
    ...at('metadata', objectMeta),
    'spec.podCIDRs': primitives,
    ...at('status', { ...conditions, addresses: by('type') }),
  },
  Namespace: { ...at('metadata', objectMeta), ...at('status', conditions) },
  Service: {
    ...at('metadata', objectMeta),
    'spec.ports': by('port'),
    ...at('status', conditions),
  },
  Endpoints: at('metadata', objectMeta),
  Event: at('metadata', objectMeta),
  ConfigMap: at('metadata', objectMeta),
  Secret: at('metadata', objectMeta),
  Lease: at('metadata', objectMeta),
  Deployment: {
    ...at('metadata', objectMeta),
    ...at('spec.template', podTemplate),
    ...at('status', conditions),
  },
  ReplicaSet: {
    ...at('metadata', objectMeta),
    ...at('spec.template', podTemplate),
    ...at('status', conditions),
  },
  Job: {
    ...at('metadata', objectMeta),
    ...at('spec.template', podTemplate),
    ...at('status', conditions),
  },
  StatefulSet: {
    ...at('metadata', objectMeta),
    ...at('spec.template', podTemplate),
    ...at('status', conditions),
  },
  DaemonSet: {
    ...at('metadata', objectMeta),
    ...at('spec.template', podTemplate),
    ...at('status', conditions),
  },
  ControllerRevision: at('metadata', objectMeta),
  PersistentVolumeClaim: { ...at('metadata', objectMeta), ...at('status', conditions) },
  CronJob: {
    ...at('metadata', objectMeta),
    ...at('spec.jobTemplate.spec.template', podTemplate),
  },
  HorizontalPodAutoscaler: { ...at('metadata', objectMeta), ...at('status', conditions) },
  ServiceAccount: { ...at('metadata', objectMeta), secrets: by('name') },
  ResourceQuota: at('metadata', objectMeta),
  LimitRange: at('metadata', objectMeta),
  // rbac/v1: rules and subjects are atomic
  Role: at('metadata', objectMeta),
  ClusterRole: at('metadata', objectMeta),
  RoleBinding: at('metadata', objectMeta),
  ClusterRoleBinding: at('metadata', objectMeta),
  // autoscaling/v1 Scale, the body of PATCH .../scale
  Scale: at('metadata', objectMeta),
};

/** Whether Kubernetes has Go types, hence strategic merge, for this kind. */
export const supportsStrategicMerge = (kind: string): boolean => Object.hasOwn(patchMergeKeys, kind);

/** The merge rule of the list at `path` in an object of `kind`, or undefined when it is atomic. */
export const listMergeRule = (kind: string, path: string): ListMergeRule | undefined =>
  supportsStrategicMerge(kind) && Object.hasOwn(patchMergeKeys[kind], path)
    ? patchMergeKeys[kind][path]
    : undefined;
