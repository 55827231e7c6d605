/**
 * Which pods go where (Kubernetes eventhandlers.go): bound pods feed the cache, unbound pods of
 * this scheduler feed the queue; finished pods are neither, as if deleted.
 */
import type { Node, Pod } from '@orchestra/api';
import { isDeepStrictEqual } from 'node:util';

export const assignedPod = (pod: Pod): boolean => !!pod.spec.nodeName;

export const terminalPod = (pod: Pod): boolean =>
  pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

export const terminatingPod = (pod: Pod): boolean => pod.metadata.deletionTimestamp !== undefined;

export const podUid = (pod: Pod): string =>
  pod.metadata.uid ?? `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;

/** An unbound, live pod that asks for this scheduler (spec.schedulerName, defaulted). */
export function responsibleForPod(pod: Pod, schedulerName: string): boolean {
  return (
    !assignedPod(pod) &&
    !terminalPod(pod) &&
    !terminatingPod(pod) &&
    (pod.spec.schedulerName ?? 'default-scheduler') === schedulerName
  );
}

/**
 * Kubernetes' `isPodUpdated`: a change other than status, resourceVersion, generation or managed
 * fields. The scheduler's own PodScheduled condition must not retry the pod it just gave up on.
 */
export function podSpecOrMetaChanged(oldPod: Pod, newPod: Pod): boolean {
  const strip = (p: Pod) => {
    const { resourceVersion: _rv, generation: _g, ...metadata } = p.metadata as Record<string, unknown>;
    delete metadata.managedFields;
    return { metadata, spec: p.spec };
  };
  return !isDeepStrictEqual(strip(oldPod), strip(newPod));
}

/** Bound pods: a change that scoring or filtering could notice (labels, requests). */
export function assignedPodChanged(oldPod: Pod, newPod: Pod): boolean {
  return (
    !isDeepStrictEqual(oldPod.metadata.labels, newPod.metadata.labels) ||
    !isDeepStrictEqual(oldPod.spec.containers, newPod.spec.containers)
  );
}

/** Kubernetes' nodeSchedulingPropertiesChange, roughly: heartbeats alone help no pod. */
export function nodeSchedulingPropertiesChanged(oldNode: Node, newNode: Node): boolean {
  const relevant = (n: Node) => ({
    labels: n.metadata.labels,
    unschedulable: n.spec?.unschedulable,
    taints: n.spec?.taints,
    allocatable: n.status?.allocatable,
    conditions: n.status?.conditions?.map((c) => [c.type, c.status]),
  });
  return !isDeepStrictEqual(relevant(oldNode), relevant(newNode));
}
