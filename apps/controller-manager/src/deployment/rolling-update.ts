/**
 * The RollingUpdate strategy's arithmetic (pkg/controller/deployment/rolling.go and
 * util/deployment_util.go): how far the new ReplicaSet may grow and the old ones shrink so that
 * there are never more than replicas + maxSurge pods, nor fewer than replicas - maxUnavailable
 * available ones.
 */
import { Deployment, ReplicaSet } from '@orchestra/api';
import {
  availableReplicaCount,
  byCreationTimestamp,
  replicaCount,
  specReplicas,
} from './deployment-replica-sets';

export interface ScaleAction {
  rs: ReplicaSet;
  replicas: number;
}

/**
 * intstr.GetScaledValueFromIntOrPercent: an int is itself; `"25%"` is 25% of `total`, rounded up
 * (maxSurge) or down (maxUnavailable). Anything else is invalid.
 */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value);
  if (!match) throw new Error(`invalid value for IntOrString: invalid value "${value}"`);
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

export const isRollingUpdate = (d: Deployment): boolean =>
  (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

/**
 * ResolveFenceposts: maxSurge rounds up, maxUnavailable rounds down; if both come out 0 (e.g. 10%
 * of 5 replicas for each), maxUnavailable becomes 1 so that the rollout can move at all.
 */
export function resolveFenceposts(
  maxSurge: number | string | undefined,
  maxUnavailable: number | string | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  let unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

function fenceposts(d: Deployment): { surge: number; unavailable: number } {
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge ?? '25%', ru?.maxUnavailable ?? '25%', specReplicas(d));
}

/** Pods allowed above spec.replicas (0 for Recreate). */
export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

/** Pods allowed to be unavailable, never more than spec.replicas (0 for Recreate or 0 replicas). */
export function maxUnavailable(d: Deployment): number {
  if (!isRollingUpdate(d) || specReplicas(d) === 0) return 0;
  return Math.min(fenceposts(d).unavailable, specReplicas(d));
}

/** The ReplicaSet controller has seen the latest spec and its pod count matches the size. */
function statusCaughtUp(rs: ReplicaSet): boolean {
  const observed = rs.status?.observedGeneration ?? 0;
  return observed >= (rs.metadata.generation ?? 0) && (rs.status?.replicas ?? 0) === specReplicas(rs);
}

/** NewRSNewReplicas: the new ReplicaSet's size, growing by no more than the surge allows. */
export function newRSNewReplicas(d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): number {
  if (!isRollingUpdate(d)) return specReplicas(d);
  const maxTotalPods = specReplicas(d) + maxSurge(d);
  // Pods, not just sizes: an old ReplicaSet already shrunk whose pods are not yet deleted still
  // counts its pods (status.replicas), so the surge bound holds for the pods that exist at every
  // moment, not only once every ReplicaSet has caught up (Kubernetes counts sizes alone).
  const current = allRSs.reduce((n, rs) => n + Math.max(specReplicas(rs), rs.status?.replicas ?? 0), 0);
  if (current >= maxTotalPods) return specReplicas(newRS);
  const scaleUp = Math.min(maxTotalPods - current, specReplicas(d) - specReplicas(newRS));
  return specReplicas(newRS) + scaleUp;
}

/** reconcileNewReplicaSet: the new ReplicaSet's target size, or undefined when it stays. */
export function newReplicaSetTarget(
  d: Deployment,
  allRSs: readonly ReplicaSet[],
  newRS: ReplicaSet,
): number | undefined {
  if (specReplicas(newRS) === specReplicas(d)) return undefined;
  if (specReplicas(newRS) > specReplicas(d)) return specReplicas(d);
  const target = newRSNewReplicas(d, allRSs, newRS);
  return target === specReplicas(newRS) ? undefined : target;
}

/**
 * reconcileOldReplicaSets: how far to shrink the old ReplicaSets. First, old replicas that are not
 * available are removed (cleanupUnhealthyReplicas: they serve nothing, and a broken old version
 * must not block the rollout); then old ReplicaSets shrink, oldest first, while more than
 * minAvailable = replicas - maxUnavailable pods stay available (scaleDownOldReplicaSetsForRollingUpdate).
 */
export function oldReplicaSetsScaleDown(
  d: Deployment,
  oldRSs: readonly ReplicaSet[],
  newRS: ReplicaSet,
): ScaleAction[] {
  const active = oldRSs.filter((rs) => specReplicas(rs) > 0).sort(byCreationTimestamp);
  if (replicaCount(active) === 0) return [];
  // Availability comes from the ReplicaSets' status: only trust it once each ReplicaSet has acted
  // on its latest size. A status from before the last scale-down still counts deleted pods as
  // available, and shrinking on it would take availability below the bound.
  if (![...active, newRS].every(statusCaughtUp)) return [];
  const sizes = new Map(active.map((rs) => [rs, specReplicas(rs)]));
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const newRSUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = replicaCount([...active, newRS]) - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return [];

  let cleaned = 0;
  for (const rs of active) {
    if (cleaned >= maxScaledDown) break;
    const unhealthy = specReplicas(rs) - (rs.status?.availableReplicas ?? 0);
    if (unhealthy <= 0) continue;
    const count = Math.min(maxScaledDown - cleaned, unhealthy);
    sizes.set(rs, specReplicas(rs) - count);
    cleaned += count;
  }

  const available = availableReplicaCount([...active, newRS]);
  let remaining = available - minAvailable;
  for (const rs of active) {
    if (remaining <= 0) break;
    const size = sizes.get(rs) ?? 0;
    if (size === 0) continue;
    const count = Math.min(size, remaining);
    sizes.set(rs, size - count);
    remaining -= count;
  }
  return active
    .filter((rs) => sizes.get(rs) !== specReplicas(rs))
    .map((rs) => ({ rs, replicas: sizes.get(rs) ?? 0 }));
}
