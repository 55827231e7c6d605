/**
 * Pod readiness and availability (k8s.io/kubernetes/pkg/api/v1/pod: IsPodReady, IsPodAvailable)
 * and which pods a controller counts at all (controller.IsPodActive).
 */
import { Condition, Pod } from '@orchestra/api';
import { parseTime } from './clock';

export function podReadyCondition(pod: Pod): Condition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** The pod's `Ready` condition is True. */
export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/** When the pod last became ready (the Ready condition's lastTransitionTime), in ms. */
export function podReadyTime(pod: Pod): number | undefined {
  return isPodReady(pod) ? parseTime(podReadyCondition(pod)?.lastTransitionTime) : undefined;
}

/**
 * Available: ready for at least minReadySeconds. With minReadySeconds 0 a ready pod is available
 * at once; otherwise the Ready transition must lie strictly more than minReadySeconds in the past.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number | undefined, now: number): boolean {
  if (!isPodReady(pod)) return false;
  const min = minReadySeconds ?? 0;
  if (min === 0) return true;
  const readySince = parseTime(podReadyCondition(pod)?.lastTransitionTime);
  return readySince !== undefined && readySince + min * 1000 < now;
}

export function isPodTerminating(pod: Pod): boolean {
  return Boolean(pod.metadata.deletionTimestamp);
}

/** Counted by controllers: not terminating, not Succeeded or Failed. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !isPodTerminating(pod);
}

export function filterActivePods(pods: readonly Pod[]): Pod[] {
  return pods.filter(isPodActive);
}
