/**
 * The ports the workload controllers (ReplicaSet, Deployment) write through. The reconcilers read
 * from informer caches (`Lister`s) and change the world only through these calls; the wiring
 * implements them with the apiserver client, the unit tests with an in-memory cluster.
 *
 * Contract for every method:
 * - It resolves with the object as the apiserver stored it (new resourceVersion, generation, ...).
 * - It rejects with an error carrying the Kubernetes Status `reason` (`NotFound`,
 *   `AlreadyExists`, `Conflict`, ...) and `code`, as `@orchestra/api`'s ApiError does.
 * - Updates are compare-and-swap on `metadata.resourceVersion` (a stale one is a 409 Conflict,
 *   which the reconciler lets bubble up so the key is retried with fresh caches).
 */
import { Deployment, ObjectMeta, OwnerReference, Pod, ReplicaSet } from '@orchestra/api';

export interface WorkloadApi {
  /** POST pods; the pod may carry `generateName` instead of `name`. */
  createPod(namespace: string, pod: Pod): Promise<Pod>;
  /** DELETE the pod with `preconditions.uid`, so a new pod of the same name is never hit. */
  deletePod(namespace: string, name: string, uid: string): Promise<void>;
  /**
   * Set the pod's `metadata.ownerReferences` (adoption or release), e.g. as a merge patch that
   * also carries `metadata.uid` so that it fails if the pod was replaced meanwhile.
   */
  patchPodOwnerReferences(
    namespace: string,
    name: string,
    uid: string,
    ownerReferences: OwnerReference[],
  ): Promise<Pod>;

  createReplicaSet(namespace: string, rs: ReplicaSet): Promise<ReplicaSet>;
  /** PUT the ReplicaSet (spec.replicas, annotations, minReadySeconds). */
  updateReplicaSet(rs: ReplicaSet): Promise<ReplicaSet>;
  /** PUT the ReplicaSet's status subresource. */
  updateReplicaSetStatus(rs: ReplicaSet): Promise<ReplicaSet>;
  /** DELETE the ReplicaSet (revisionHistoryLimit clean-up), with `preconditions.uid`. */
  deleteReplicaSet(namespace: string, name: string, uid: string): Promise<void>;
  patchReplicaSetOwnerReferences(
    namespace: string,
    name: string,
    uid: string,
    ownerReferences: OwnerReference[],
  ): Promise<ReplicaSet>;

  /** PUT the Deployment: used only for its metadata (the revision annotation). */
  updateDeployment(deployment: Deployment): Promise<Deployment>;
  /** PUT the Deployment's status subresource. */
  updateDeploymentStatus(deployment: Deployment): Promise<Deployment>;
}

/** The object an event is about (its involvedObject). */
export interface EventTarget {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

/** Recording core/v1 Events (record.EventRecorder), e.g. on top of `@orchestra/client`'s EventRecorder. */
export interface EventSink {
  normal(object: EventTarget, reason: string, message: string): void;
  warning(object: EventTarget, reason: string, message: string): void;
}
