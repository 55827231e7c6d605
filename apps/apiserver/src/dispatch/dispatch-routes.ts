/**
 * Which work queues a change wakes up: the informer event handlers of the scheduler, the
 * controllers and the kubelets, done once, centrally, on the change log. Pure: a change in, the
 * `{ queue, key }` jobs out. Jobs carry keys, never objects: workers re-read current state.
 */
import { KubeObject } from '@orchestra/api';
import { kubeletQueueName, podsOfNamespaceKey, QueueName } from '@orchestra/queues';
import { ChangeType, objectMember } from '@orchestra/store';
import { podChangeAffectsEndpoints } from './pod-endpoints-change';

export interface DispatchChange {
  type: ChangeType;
  /** Resource segment of the store key: `pods`, `deployments`, `example.com/widgets`. */
  resource: string;
  object: KubeObject;
  /** The object before a MODIFIED change. */
  previous?: KubeObject;
}

export interface DispatchJob {
  queue: string;
  key: string;
}

/**
 * The scheduler's "retry the unschedulable pods" job: something that may make a pending pod fit
 * happened (a pod went away, a node came or changed), so the scheduler moves its unschedulable
 * pods back to active. `@` cannot start an object name, so the key never collides with a pod.
 */
export const retryUnschedulableKey = '@unschedulable';

const foregroundDeletion = 'foregroundDeletion';
const orphanFinalizer = 'orphan';

export function dispatchRoutes(change: DispatchChange): DispatchJob[] {
  const jobs = new Map<string, DispatchJob>();
  const add = (queue: string, key: string) => jobs.set(`${queue} ${key}`, { queue, key });
  const { object } = change;
  const key = keyOf(object);

  switch (change.resource) {
    case 'pods':
      podRoutes(change, key, add);
      break;
    case 'replicasets':
      add(QueueName.ReplicaSet, key);
      for (const owner of ownersOfKind(object, 'Deployment'))
        add(QueueName.Deployment, siblingKey(object, owner));
      add(QueueName.GarbageCollector, gcKey(change.resource, object));
      break;
    case 'daemonsets':
      add(QueueName.DaemonSet, key);
      add(QueueName.GarbageCollector, gcKey(change.resource, object));
      break;
    case 'statefulsets':
      add(QueueName.StatefulSet, key);
      add(QueueName.GarbageCollector, gcKey(change.resource, object));
      break;
    case 'controllerrevisions':
      add(QueueName.GarbageCollector, gcKey(change.resource, object));
      break;
    case 'persistentvolumeclaims':
      if (change.type !== 'DELETED') add(QueueName.PersistentVolumeBinder, key);
      break;
    case 'deployments':
      add(QueueName.Deployment, key);
      add(QueueName.GarbageCollector, gcKey(change.resource, object));
      break;
    case 'jobs':
      add(QueueName.Job, key);
      for (const owner of ownersOfKind(object, 'CronJob')) add(QueueName.CronJob, siblingKey(object, owner));
      add(QueueName.GarbageCollector, gcKey(change.resource, object));
      break;
    case 'cronjobs':
      add(QueueName.CronJob, key);
      add(QueueName.GarbageCollector, gcKey(change.resource, object));
      break;
    case 'horizontalpodautoscalers':
      add(QueueName.HorizontalPodAutoscaler, key);
      break;
    case 'services':
      add(QueueName.Endpoints, key);
      break;
    case 'endpoints':
      // Endpoints deleted under a live Service come back (Kubernetes' onEndpointsDelete); other
      // Endpoints changes are mostly the controller's own writes, and it reconciles from Services.
      if (change.type === 'DELETED') add(QueueName.Endpoints, key);
      break;
    case 'namespaces':
      add(QueueName.Namespace, key);
      break;
    case 'nodes':
      if (change.type !== 'DELETED') add(QueueName.Scheduler, retryUnschedulableKey);
      break;
  }
  // Any object being deleted with propagation is the garbage collector's to finish.
  const finalizers = object.metadata.finalizers ?? [];
  if (
    object.metadata.deletionTimestamp &&
    (finalizers.includes(foregroundDeletion) || finalizers.includes(orphanFinalizer))
  ) {
    add(QueueName.GarbageCollector, gcKey(change.resource, object));
  }
  return [...jobs.values()];
}

function podRoutes(change: DispatchChange, key: string, add: (queue: string, key: string) => void): void {
  const { object: pod, previous } = change;
  const nodeName = specNodeName(pod);
  if (!nodeName && !pod.metadata.deletionTimestamp) add(QueueName.Scheduler, key);
  // The node it is bound to (DELETED carries the pod's last state, so its node too).
  for (const node of new Set([nodeName, previous && specNodeName(previous)])) {
    if (node) add(kubeletQueueName(node), key);
  }
  for (const owner of ownersOfKind(pod, 'ReplicaSet')) add(QueueName.ReplicaSet, siblingKey(pod, owner));
  for (const owner of ownersOfKind(pod, 'DaemonSet')) add(QueueName.DaemonSet, siblingKey(pod, owner));
  for (const owner of ownersOfKind(pod, 'Job')) add(QueueName.Job, siblingKey(pod, owner));
  for (const owner of ownersOfKind(pod, 'StatefulSet')) add(QueueName.StatefulSet, siblingKey(pod, owner));
  if (pod.metadata.ownerReferences?.length) add(QueueName.GarbageCollector, gcKey(change.resource, pod));
  if (change.type === 'DELETED') add(QueueName.Scheduler, retryUnschedulableKey);
  // Which Services select the pod (now or before a label change) is the Endpoints controller's
  // to find out: one key per namespace, which it expands into that namespace's Services.
  if (
    pod.metadata.namespace &&
    podChangeAffectsEndpoints(pod, change.type === 'MODIFIED' ? previous : undefined)
  )
    add(QueueName.Endpoints, podsOfNamespaceKey(pod.metadata.namespace));
}

function keyOf(object: KubeObject): string {
  return objectMember(object.metadata.namespace, object.metadata.name ?? '');
}

/** Owners live in the dependent's namespace (cross-namespace owner references are invalid). */
function siblingKey(object: KubeObject, owner: { name: string }): string {
  return objectMember(object.metadata.namespace, owner.name);
}

function ownersOfKind(object: KubeObject, kind: string) {
  return (object.metadata.ownerReferences ?? []).filter((owner) => owner.kind === kind);
}

/**
 * The garbage collector handles every resource, so its keys carry it: `pods/default/web-1`
 * (see the controller-manager's gc-key.ts). A custom resource's segment `group/plural`
 * contributes its plural.
 */
export function gcKey(resource: string, object: KubeObject): string {
  const plural = resource.slice(resource.lastIndexOf('/') + 1);
  return `${plural}/${keyOf(object)}`;
}

function specNodeName(pod: KubeObject): string | undefined {
  const spec = pod.spec as { nodeName?: string } | undefined;
  return spec?.nodeName || undefined;
}
