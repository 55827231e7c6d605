/**
 * Every work queue, by name. NEVER RENAME a value: it is part of the Redis key of a queue, and a
 * renamed queue strands the jobs of the old one during an upgrade. Add new names instead.
 */
export enum QueueName {
  Scheduler = 'scheduler',
  ReplicaSet = 'replicaset',
  Deployment = 'deployment',
  GarbageCollector = 'garbage-collector',
  Namespace = 'namespace',
  Endpoints = 'endpoints',
  NodeLifecycle = 'node-lifecycle',
  TaintEviction = 'taint-eviction',
  Chaos = 'chaos',
  ResourceQuota = 'resourcequota',
  ServiceAccount = 'serviceaccount',
  DaemonSet = 'daemonset',
  Job = 'job',
  CronJob = 'cronjob',
  HorizontalPodAutoscaler = 'horizontalpodautoscaler',
  StatefulSet = 'statefulset',
  PersistentVolumeBinder = 'persistentvolume-binder',
  /** cloud-controller-manager: the cloud-node controller's node names. */
  CloudNode = 'cloud-node',
  /** cloud-controller-manager: the service (load balancer) controller's Service keys. */
  Service = 'service',
}

/**
 * The Endpoints queue's fan-out key: a pod of this namespace changed, so the Endpoints controller
 * re-syncs the namespace's Services (the dispatcher keeps no cache of Services to pick the ones
 * that select the pod). `@` cannot start a namespace name, so it never collides with a Service key.
 */
const podsOfNamespacePrefix = '@pods/';

export function podsOfNamespaceKey(namespace: string): string {
  return `${podsOfNamespacePrefix}${namespace}`;
}

/** The namespace of a `podsOfNamespaceKey`, or undefined for any other key. */
export function namespaceOfPodsKey(key: string): string | undefined {
  return key.startsWith(podsOfNamespacePrefix) ? key.slice(podsOfNamespacePrefix.length) : undefined;
}

/** One queue per node, for the kubelet that runs it. */
export function kubeletQueueName(nodeName: string): string {
  return `kubelet-${nodeName}`;
}

/**
 * BullMQ's key prefix: the store's hash-tagged prefix plus `:queues`, so queue keys keep the
 * hash tag and stay in one Redis Cluster slot with the rest of the cluster's state.
 */
export function queuePrefix(keyPrefix: string): string {
  return `${keyPrefix}:queues`;
}
