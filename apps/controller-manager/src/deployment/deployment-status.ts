/**
 * The Deployment's status (sync.go calculateStatus, progress.go syncRolloutStatus): replica counts
 * summed over its ReplicaSets, the Available condition, and the Progressing condition that tells
 * `kubectl rollout status` whether the rollout moves, finished, or exceeded progressDeadlineSeconds.
 */
import { Deployment, DeploymentStatus, ReplicaSet } from '@orchestra/api';
import { canonicalJson } from '../controller-utils/pod-template-hash';
import { parseTime } from '../controller-utils/clock';
import {
  DeploymentConditionType as Type,
  DeploymentReason as Reason,
  getDeploymentCondition,
  newDeploymentCondition,
  removeDeploymentCondition,
  setDeploymentCondition,
} from './deployment-conditions';
import {
  actualReplicaCount,
  availableReplicaCount,
  readyReplicaCount,
  replicaCount,
  specReplicas,
} from './deployment-replica-sets';
import { maxUnavailable } from './rolling-update';

/** progressDeadlineSeconds set (and not MaxInt32, which means "no deadline"). */
export function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec.progressDeadlineSeconds;
  return s !== undefined && s !== null && s !== 2147483647;
}

/** calculateStatus: counts and the Available condition; other conditions are carried over. */
export function calculateStatus(
  allRSs: readonly ReplicaSet[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
  now: number,
): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: newRS ? actualReplicaCount([newRS]) : 0,
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, replicaCount(allRSs) - available),
    ...(d.status?.conditions ? { conditions: d.status.conditions.map((c) => ({ ...c })) } : {}),
    ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
  };
  if (available >= specReplicas(d) - maxUnavailable(d)) {
    const message = 'Deployment has minimum availability.';
    setDeploymentCondition(
      status,
      newDeploymentCondition(Type.Available, 'True', Reason.MinimumReplicasAvailable, message, now),
    );
  } else {
    const message = 'Deployment does not have minimum availability.';
    setDeploymentCondition(
      status,
      newDeploymentCondition(Type.Available, 'False', Reason.MinimumReplicasUnavailable, message, now),
    );
  }
  return status;
}

/** Every replica updated and available, no old pod left, this generation observed: `rollout status` is done. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const replicas = specReplicas(d);
  return (
    s.updatedReplicas === replicas &&
    s.replicas === replicas &&
    s.availableReplicas === replicas &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** Anything moved since the status last written: more updated, ready or available pods, or fewer old ones. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** No progress reported for longer than progressDeadlineSeconds (a finished rollout never times out). */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const condition = getDeploymentCondition(s, Type.Progressing);
  if (!condition) return false;
  if (condition.reason === Reason.NewReplicaSetAvailable) return false;
  if (condition.reason === Reason.ProgressDeadlineExceeded) return true;
  const from = parseTime(condition.lastUpdateTime) ?? 0;
  return from + (d.spec.progressDeadlineSeconds ?? 0) * 1000 < now;
}

const subject = (d: Deployment, newRS: ReplicaSet | undefined): string =>
  newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;

/** syncRolloutStatus: calculateStatus plus the Progressing condition (and ReplicaFailure). */
export function rolloutStatus(
  allRSs: readonly ReplicaSet[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
  now: number,
): DeploymentStatus {
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeDeploymentCondition(status, Type.Progressing);
  const current = getDeploymentCondition(d.status, Type.Progressing);
  const alreadyComplete =
    status.replicas === status.updatedReplicas && current?.reason === Reason.NewReplicaSetAvailable;
  if (hasProgressDeadline(d) && !alreadyComplete) {
    if (deploymentComplete(d, status)) {
      const message = `${subject(d, newRS)} has successfully progressed.`;
      setDeploymentCondition(
        status,
        newDeploymentCondition(Type.Progressing, 'True', Reason.NewReplicaSetAvailable, message, now),
      );
    } else if (deploymentProgressing(d, status)) {
      const message = `${subject(d, newRS)} is progressing.`;
      const condition = newDeploymentCondition(
        Type.Progressing,
        'True',
        Reason.ReplicaSetUpdated,
        message,
        now,
      );
      // Progress refreshes lastUpdateTime even when the reason stays ReplicaSetUpdated.
      if (current?.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
      removeDeploymentCondition(status, Type.Progressing);
      setDeploymentCondition(status, condition);
    } else if (deploymentTimedOut(d, status, now)) {
      const message = `${subject(d, newRS)} has timed out progressing.`;
      setDeploymentCondition(
        status,
        newDeploymentCondition(Type.Progressing, 'False', Reason.ProgressDeadlineExceeded, message, now),
      );
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setDeploymentCondition(status, failure);
  else removeDeploymentCondition(status, Type.ReplicaFailure);
  return status;
}

/** The new ReplicaSet's ReplicaFailure condition, else an old one's, as a Deployment condition. */
function replicaFailure(allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined) {
  const failureOf = (rs: ReplicaSet) => rs.status?.conditions?.find((c) => c.type === Type.ReplicaFailure);
  const found = (newRS && failureOf(newRS)) ?? allRSs.map(failureOf).find((c) => c !== undefined);
  if (!found) return undefined;
  const { type, status, reason, message, lastTransitionTime } = found;
  return { type, status, reason, message, lastUpdateTime: lastTransitionTime, lastTransitionTime };
}

/**
 * requeueStuckDeployment: a rollout that stops moving produces no event, so look again just after
 * its deadline would pass. Undefined when there is nothing to watch for.
 */
export function stuckRequeueMs(d: Deployment, s: DeploymentStatus, now: number): number | undefined {
  const current = getDeploymentCondition(d.status, Type.Progressing);
  if (!hasProgressDeadline(d) || !current) return undefined;
  if (deploymentComplete(d, s) || current.reason === Reason.ProgressDeadlineExceeded) return undefined;
  const after = (parseTime(current.lastUpdateTime) ?? 0) + (d.spec.progressDeadlineSeconds ?? 0) * 1000 - now;
  return Math.max(after, 0) + 1000;
}

export function statusChanged(d: Deployment, next: DeploymentStatus): boolean {
  return canonicalJson(d.status ?? {}) !== canonicalJson(next);
}
