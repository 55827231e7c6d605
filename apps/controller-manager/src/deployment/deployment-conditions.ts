/**
 * Deployment conditions (util/deployment_util.go): their types, reasons and messages as kubectl
 * and users know them, and SetDeploymentCondition's rule that a condition keeps its
 * lastTransitionTime while its status stays the same.
 */
import { Condition, DeploymentStatus } from '@orchestra/api';
import { rfc3339 } from '../controller-utils/clock';

export const DeploymentConditionType = {
  Available: 'Available',
  Progressing: 'Progressing',
  ReplicaFailure: 'ReplicaFailure',
} as const;

export const DeploymentReason = {
  /** Available=True: at least replicas - maxUnavailable pods are available. */
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
  /** Progressing=True: a new ReplicaSet was created for a new template. */
  NewReplicaSetCreated: 'NewReplicaSetCreated',
  /** Progressing=True: the new ReplicaSet existed already when progress started being tracked. */
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  /** Progressing=True: the rollout moved (more updated, ready or available pods, fewer old ones). */
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  /** Progressing=True: the rollout is complete. */
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  /** Progressing=False: no progress for progressDeadlineSeconds. */
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
  /** Progressing=False: creating the new ReplicaSet failed. */
  ReplicaSetCreateError: 'ReplicaSetCreateError',
  /** Progressing=Unknown while paused, and just after resuming. */
  DeploymentPaused: 'DeploymentPaused',
  DeploymentResumed: 'DeploymentResumed',
} as const;

export function newDeploymentCondition(
  type: string,
  status: Condition['status'],
  reason: string,
  message: string,
  now: number,
): Condition {
  const time = rfc3339(now);
  return { type, status, lastUpdateTime: time, lastTransitionTime: time, reason, message };
}

export function getDeploymentCondition(
  status: DeploymentStatus | undefined,
  type: string,
): Condition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * Sets the condition on a status copy. Same status and reason: nothing changes (not even
 * lastUpdateTime). Same status, other reason: lastTransitionTime is kept.
 */
export function setDeploymentCondition(status: DeploymentStatus, condition: Condition): void {
  const current = getDeploymentCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeDeploymentCondition(status: DeploymentStatus, type: string): void {
  const remaining = (status.conditions ?? []).filter((c) => c.type !== type);
  if (remaining.length) status.conditions = remaining;
  else delete status.conditions;
}
