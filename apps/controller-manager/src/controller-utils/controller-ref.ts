/**
 * Controller references (metav1.NewControllerRef, metav1.GetControllerOf): the one
 * ownerReference with `controller: true` that says which controller manages an object.
 */
import { ObjectMeta, OwnerReference } from '@orchestra/api';

export interface OwnerKind {
  apiVersion: string;
  kind: string;
}

export const replicaSetKind: OwnerKind = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };
export const deploymentKind: OwnerKind = { apiVersion: 'apps/v1', kind: 'Deployment' };
export const daemonSetKind: OwnerKind = { apiVersion: 'apps/v1', kind: 'DaemonSet' };
export const statefulSetKind: OwnerKind = { apiVersion: 'apps/v1', kind: 'StatefulSet' };
export const jobKind: OwnerKind = { apiVersion: 'batch/v1', kind: 'Job' };
export const cronJobKind: OwnerKind = { apiVersion: 'batch/v1', kind: 'CronJob' };

/** The reference a controller puts on what it creates; the garbage collector honours blockOwnerDeletion. */
export function newControllerRef(owner: { metadata: ObjectMeta }, kind: OwnerKind): OwnerReference {
  return {
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function getControllerOf(object: { metadata: ObjectMeta }): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((ref) => ref.controller === true);
}

export function isControlledBy(object: { metadata: ObjectMeta }, owner: { metadata: ObjectMeta }): boolean {
  const ref = getControllerOf(object);
  return ref !== undefined && ref.uid === owner.metadata.uid;
}
