/**
 * Scaling a Deployment (sync.go isScalingEvent and scale, util GetReplicaSetProportion): when
 * spec.replicas changes, possibly in the middle of a rollout, the change is spread over the active
 * ReplicaSets in proportion to their size, so that neither the old nor the new version suddenly
 * gets all of it. Each ReplicaSet remembers in its annotations the Deployment size it was sized for.
 */
import { Deployment, ReplicaSet } from '@orchestra/api';
import {
  byCreationTimestamp,
  filterActiveReplicaSets,
  isSaturated,
  replicaCount,
  specReplicas,
} from './deployment-replica-sets';
import { desiredReplicasAnnotation, maxReplicasAnnotation, replicasAnnotation } from './deployment-revisions';
import { isRollingUpdate, maxSurge, ScaleAction } from './rolling-update';

/** An active ReplicaSet was sized for another spec.replicas than the Deployment's: the user scaled. */
export function isScalingEvent(d: Deployment, allRSs: readonly ReplicaSet[]): boolean {
  return filterActiveReplicaSets(allRSs).some((rs) => {
    const desired = replicasAnnotation(rs, desiredReplicasAnnotation);
    return desired !== undefined && desired !== specReplicas(d);
  });
}

/**
 * FindActiveOrLatest: the only active ReplicaSet, or when none is active the newest one (the new
 * ReplicaSet if any); undefined when several are active.
 */
export function findActiveOrLatest(
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const all = [...oldRSs, ...(newRS ? [newRS] : [])];
  const active = filterActiveReplicaSets(all);
  if (active.length === 1) return active[0];
  if (active.length === 0) return newRS ?? [...oldRSs].sort(byCreationTimestamp).at(-1);
  return undefined;
}

/** Go's math.Round: halves away from zero. */
const round = (x: number): number => Math.sign(x) * Math.round(Math.abs(x));

/** getReplicaSetFraction: how much of the change this ReplicaSet takes, by its share of the old size. */
function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (specReplicas(d) === 0) return -specReplicas(rs);
  const maxReplicas = specReplicas(d) + maxSurge(d);
  let before = replicasAnnotation(rs, maxReplicasAnnotation) ?? 0;
  if (before === 0) before = d.status?.replicas ?? 0;
  if (before === 0) return 0;
  return round((specReplicas(rs) * maxReplicas) / before) - specReplicas(rs);
}

/** GetReplicaSetProportion: the fraction, bounded by what is still left to add or remove. */
export function replicaSetProportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

export interface ScalePlan {
  actions: ScaleAction[];
  /**
   * Set for a proportional scale: every listed ReplicaSet is written (its replicas annotations
   * too, even when its size stays) and scaling events say "Scaled <operation>".
   */
  operation?: 'up' | 'down' | '';
}

/** The scale decision of a scaling event (DeploymentController.scale). */
export function scalePlan(
  d: Deployment,
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
): ScalePlan {
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (specReplicas(activeOrLatest) === specReplicas(d)) return { actions: [] };
    return { actions: [{ rs: activeOrLatest, replicas: specReplicas(d) }] };
  }
  if (isSaturated(d, newRS)) {
    return { actions: filterActiveReplicaSets(oldRSs).map((rs) => ({ rs, replicas: 0 })) };
  }
  if (!isRollingUpdate(d)) return { actions: [] };

  const all = filterActiveReplicaSets([...oldRSs, ...(newRS ? [newRS] : [])]);
  const allowedSize = specReplicas(d) > 0 ? specReplicas(d) + maxSurge(d) : 0;
  const toAdd = allowedSize - replicaCount(all);
  // Larger first; on equal sizes, newer first when growing and older first when shrinking.
  const ordered =
    toAdd > 0
      ? all.sort((a, b) => specReplicas(b) - specReplicas(a) || byCreationTimestamp(b, a))
      : toAdd < 0
        ? all.sort((a, b) => specReplicas(b) - specReplicas(a) || byCreationTimestamp(a, b))
        : all;
  let added = 0;
  const sizes = ordered.map((rs) => {
    if (toAdd === 0) return specReplicas(rs);
    const proportion = replicaSetProportion(rs, d, toAdd, added);
    added += proportion;
    return specReplicas(rs) + proportion;
  });
  // Leftovers from rounding go to the largest ReplicaSet.
  if (ordered.length > 0 && toAdd !== 0) sizes[0] = Math.max(0, sizes[0] + toAdd - added);
  return {
    actions: ordered.map((rs, i) => ({ rs, replicas: sizes[i] })),
    operation: toAdd > 0 ? 'up' : toAdd < 0 ? 'down' : '',
  };
}
