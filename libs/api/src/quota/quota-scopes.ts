/**
 * ResourceQuota scopes (core/v1 ResourceQuotaScope, the pod evaluator's matchesScope): a scoped
 * quota counts only the pods in all of its scopes, and only pod resources: `Terminating` pods
 * have spec.activeDeadlineSeconds, `NotTerminating` ones do not; `BestEffort` pods request and
 * limit nothing (they may only be counted as `pods`), `NotBestEffort` ones do; `PriorityClass`
 * pods name a priority class. CrossNamespacePodAffinity is not matched (Orchestra has no
 * cross-namespace affinity terms).
 */
import type { Pod } from '../types';

const computeResources = [
  'pods',
  'count/pods',
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
  'ephemeral-storage',
  'requests.ephemeral-storage',
  'limits.ephemeral-storage',
];
const resourcesByScope: Record<string, readonly string[]> = {
  Terminating: computeResources,
  NotTerminating: computeResources,
  BestEffort: ['pods', 'count/pods'],
  NotBestEffort: computeResources,
  PriorityClass: computeResources,
};

/** Whether a quota with these scopes tracks this resource of pods (always true without scopes). */
export function scopesTrack(scopes: readonly string[], resource: string): boolean {
  return scopes.every((scope) => resourcesByScope[scope]?.includes(resource) ?? false);
}

function isBestEffort(pod: Pod): boolean {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].every(
    (c) =>
      Object.keys(c.resources?.requests ?? {}).length === 0 &&
      Object.keys(c.resources?.limits ?? {}).length === 0,
  );
}

/** Whether the pod is in every one of the scopes. */
export function podMatchesScopes(pod: Pod, scopes: readonly string[]): boolean {
  const spec = (pod.spec ?? {}) as Pod['spec'] & {
    activeDeadlineSeconds?: number;
    priorityClassName?: string;
  };
  return scopes.every((scope) => {
    switch (scope) {
      case 'Terminating':
        return typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds >= 0;
      case 'NotTerminating':
        return !(typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds >= 0);
      case 'BestEffort':
        return isBestEffort(pod);
      case 'NotBestEffort':
        return !isBestEffort(pod);
      case 'PriorityClass':
        return !!spec.priorityClassName;
      default:
        return false;
    }
  });
}
