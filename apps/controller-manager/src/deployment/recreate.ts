/**
 * The Recreate strategy (pkg/controller/deployment/recreate.go): scale every old ReplicaSet to 0,
 * wait until not one old pod is left (terminating ones included), and only then create or scale
 * up the new ReplicaSet. Old and new pods never run side by side.
 */
import { Deployment, Pod, ReplicaSet } from '@orchestra/api';
import { actualReplicaCount, filterActiveReplicaSets, specReplicas } from './deployment-replica-sets';
import { ScaleAction } from './rolling-update';

/** scaleDownOldReplicaSetsForRecreate: every active old ReplicaSet to 0. */
export function recreateScaleDown(oldRSs: readonly ReplicaSet[]): ScaleAction[] {
  return filterActiveReplicaSets(oldRSs).map((rs) => ({ rs, replicas: 0 }));
}

/**
 * oldPodsRunning: old ReplicaSets still report pods, or a pod of any ReplicaSet but the new one is
 * still there and not finished (Succeeded and Failed pods do not count, terminating ones do).
 * `podsByReplicaSet` is keyed by ReplicaSet uid.
 */
export function oldPodsRunning(
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
  podsByReplicaSet: ReadonlyMap<string, readonly Pod[]>,
): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podsByReplicaSet) {
    if (newRS && newRS.metadata.uid === uid) continue;
    if (pods.some((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')) return true;
  }
  return false;
}

/** scaleUpNewReplicaSetForRecreate: the new ReplicaSet straight to spec.replicas. */
export function recreateScaleUp(d: Deployment, newRS: ReplicaSet): ScaleAction[] {
  return specReplicas(newRS) === specReplicas(d) ? [] : [{ rs: newRS, replicas: specReplicas(d) }];
}
