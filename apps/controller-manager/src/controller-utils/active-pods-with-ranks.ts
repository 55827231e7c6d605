/**
 * The order in which a ReplicaSet gives up pods when it scales down (controller.ActivePodsWithRanks,
 * with LogarithmicScaleDown as Kubernetes enables it by default). Sorting ascending puts the pods
 * to delete first:
 *
 *  1. unassigned (no node) before assigned;
 *  2. Pending before Unknown before Running;
 *  3. not ready before ready;
 *  4. lower `controller.kubernetes.io/pod-deletion-cost` before higher;
 *  5. more related pods on the same node (doubled up) before fewer;
 *  6. both ready: ready more recently first (in log2 buckets of time since ready);
 *  7. more container restarts before fewer;
 *  8. created more recently first (in log2 buckets of age; a missing timestamp first);
 *  ties within one bucket: by uid, so the choice is random-like but stable.
 */
import { Pod } from '@orchestra/api';
import { parseTime } from './clock';
import { isPodReady, podReadyTime } from './pod-readiness';

export const podDeletionCostAnnotation = 'controller.kubernetes.io/pod-deletion-cost';

export interface RankedPod {
  pod: Pod;
  /** How many active related pods share this pod's node (higher is deleted first). */
  rank: number;
}

const phaseOrdinal: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionCost(pod: Pod): number {
  const value = Number(pod.metadata.annotations?.[podDeletionCostAnnotation]);
  return Number.isInteger(value) ? value : 0;
}

function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
}

/** log2 of the nanoseconds elapsed since `t` (-1 when not in the past), as Kubernetes buckets it. */
function logRank(t: number, now: number): number {
  const elapsedNs = (now - t) * 1e6;
  return elapsedNs > 0 ? Math.floor(Math.log2(elapsedNs)) : -1;
}

/** Negative when `a` should be deleted before `b`. Missing times sort first, then newer first. */
function compareTimes(a: number | undefined, b: number | undefined, now: number, tie: number): number {
  if (a === b) return 0;
  if (a === undefined || b === undefined) return a === undefined ? -1 : 1;
  const diff = logRank(a, now) - logRank(b, now);
  return diff !== 0 ? diff : tie;
}

export function compareForDeletion(a: RankedPod, b: RankedPod, now: number): number {
  const [pa, pb] = [a.pod, b.pod];
  const [na, nb] = [pa.spec.nodeName ?? '', pb.spec.nodeName ?? ''];
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  const [oa, ob] = [
    phaseOrdinal[pa.status?.phase ?? 'Pending'] ?? 0,
    phaseOrdinal[pb.status?.phase ?? 'Pending'] ?? 0,
  ];
  if (oa !== ob) return oa - ob;
  const [ra, rb] = [isPodReady(pa), isPodReady(pb)];
  if (ra !== rb) return ra ? 1 : -1;
  const [ca, cb] = [deletionCost(pa), deletionCost(pb)];
  if (ca !== cb) return ca - cb;
  if (a.rank !== b.rank) return b.rank - a.rank;
  const uidTie = (pa.metadata.uid ?? '') < (pb.metadata.uid ?? '') ? -1 : 1;
  if (ra && rb) {
    const byReady = compareTimes(podReadyTime(pa), podReadyTime(pb), now, uidTie);
    if (byReady !== 0) return byReady;
  }
  const [xa, xb] = [maxRestarts(pa), maxRestarts(pb)];
  if (xa !== xb) return xb - xa;
  return compareTimes(
    parseTime(pa.metadata.creationTimestamp),
    parseTime(pb.metadata.creationTimestamp),
    now,
    uidTie,
  );
}

/**
 * Ranks each pod by the number of active `relatedPods` on its node (getPodsRankedByRelatedPodsOnSameNode)
 * and returns the pods in deletion order.
 */
export function podsInDeletionOrder(pods: readonly Pod[], relatedPods: readonly Pod[], now: number): Pod[] {
  const onNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (p.metadata.deletionTimestamp) continue;
    const node = p.spec.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  return pods
    .map((pod) => ({ pod, rank: onNode.get(pod.spec.nodeName ?? '') ?? 0 }))
    .sort((a, b) => compareForDeletion(a, b, now))
    .map((r) => r.pod);
}
