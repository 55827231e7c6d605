/**
 * Decides how a DELETE proceeds, as Kubernetes' rest.BeforeDelete: immediately, or gracefully
 * (the object gets a deletionTimestamp and stays until its finalizers are gone and, for a pod,
 * until its kubelet confirms it stopped).
 */
import { ApiError, DeleteOptions, KubeObject, Pod, ResourceDefinition } from '@orchestra/api';
import { kubeTime } from './system-fields';

export const orphanFinalizer = 'orphan';
export const foregroundFinalizer = 'foregroundDeletion';

export type DeletionPlan = { kind: 'now' } | { kind: 'graceful'; object: KubeObject } | { kind: 'unchanged' };

export function planDeletion(
  def: ResourceDefinition,
  current: KubeObject,
  options: DeleteOptions,
  now: Date,
): DeletionPlan {
  checkPreconditions(def, current, options);
  const finalizers = [...(current.metadata.finalizers ?? [])];
  if (options.propagationPolicy === 'Orphan' && !finalizers.includes(orphanFinalizer))
    finalizers.push(orphanFinalizer);
  if (options.propagationPolicy === 'Foreground' && !finalizers.includes(foregroundFinalizer)) {
    finalizers.push(foregroundFinalizer);
  }
  const grace = gracePeriodFor(def, current, options);
  const alreadyDeleting = Boolean(current.metadata.deletionTimestamp);

  if (finalizers.length === 0 && grace === 0) return { kind: 'now' };
  if (alreadyDeleting) {
    // A second DELETE may only shorten the grace period (kubectl delete --grace-period=0 --force).
    const previous = current.metadata.deletionGracePeriodSeconds ?? 0;
    if (grace >= previous && finalizers.length === (current.metadata.finalizers ?? []).length)
      return { kind: 'unchanged' };
  }
  const object = structuredClone(current);
  object.metadata.finalizers = finalizers.length ? finalizers : undefined;
  object.metadata.deletionGracePeriodSeconds = grace;
  object.metadata.deletionTimestamp = kubeTime(new Date(now.getTime() + grace * 1000));
  if (alreadyDeleting && current.metadata.deletionTimestamp! < object.metadata.deletionTimestamp) {
    object.metadata.deletionTimestamp = current.metadata.deletionTimestamp;
  }
  if (!object.metadata.finalizers) delete object.metadata.finalizers;
  return { kind: 'graceful', object };
}

/** True when an update leaves a deleting object with nothing to wait for: it is removed. */
export function readyToRemove(def: ResourceDefinition, object: KubeObject): boolean {
  if (!object.metadata.deletionTimestamp) return false;
  if ((object.metadata.finalizers ?? []).length > 0) return false;
  return def.kind !== 'Pod' || (object.metadata.deletionGracePeriodSeconds ?? 0) === 0;
}

function gracePeriodFor(def: ResourceDefinition, current: KubeObject, options: DeleteOptions): number {
  if (def.kind !== 'Pod') return 0;
  const pod = current as unknown as Pod;
  // A pod no kubelet runs, or one that already finished, has nothing to stop: it goes at once.
  if (!pod.spec?.nodeName) return 0;
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 0;
  const requested = options.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, requested);
}

function checkPreconditions(def: ResourceDefinition, current: KubeObject, options: DeleteOptions): void {
  const { uid, resourceVersion } = options.preconditions ?? {};
  const name = current.metadata.name ?? '';
  const gr = { group: def.group, resource: def.plural };
  if (uid && uid !== current.metadata.uid) {
    throw ApiError.conflict(
      gr,
      name,
      `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.metadata.uid}`,
    );
  }
  if (resourceVersion && resourceVersion !== current.metadata.resourceVersion) {
    throw ApiError.conflict(
      gr,
      name,
      `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
    );
  }
}
