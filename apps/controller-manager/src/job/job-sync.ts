/**
 * The Job controller's decisions (pkg/controller/job/job_controller.go syncJob), pure: from the
 * Job, its pods and the time, what to create or delete and which status it should have.
 */
import { Condition, Job, JobStatus, OwnerReference, Pod } from '@orchestra/api';
import { parseTime, rfc3339 } from '../controller-utils/clock';
import { isPodReady } from '../controller-utils/pod-readiness';

export const jobCompleteCondition = 'Complete';
export const jobFailedCondition = 'Failed';
export const backoffLimitExceededReason = 'BackoffLimitExceeded';
export const deadlineExceededReason = 'DeadlineExceeded';

/** The labels Kubernetes puts on a Job's pods. */
export const controllerUidLabel = 'batch.kubernetes.io/controller-uid';
export const jobNameLabel = 'batch.kubernetes.io/job-name';
export const legacyControllerUidLabel = 'controller-uid';
export const legacyJobNameLabel = 'job-name';

export const isPodFinished = (pod: Pod) =>
  pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const isPodRunningForJob = (pod: Pod) => !isPodFinished(pod) && !pod.metadata.deletionTimestamp;

export function isJobFinished(job: Job): boolean {
  return (job.status?.conditions ?? []).some(
    (c) => (c.type === jobCompleteCondition || c.type === jobFailedCondition) && c.status === 'True',
  );
}

export type JobDecision =
  { action: 'none' } | { action: 'create'; count: number } | { action: 'delete'; pods: Pod[] };

export interface JobSyncResult {
  decision: JobDecision;
  status: JobStatus;
  /** Events to record for a condition reached in this sync. */
  event?: { type: 'Normal' | 'Warning'; reason: string; message: string };
  /** When to look again (the active deadline). */
  requeueAfterMs?: number;
}

function condition(
  type: string,
  reason: string | undefined,
  message: string | undefined,
  now: number,
): Condition {
  const at = rfc3339(now);
  return {
    type,
    status: 'True',
    lastProbeTime: at,
    lastTransitionTime: at,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

/** Failures so far: failed pods, and with restartPolicy OnFailure the container restarts of running ones. */
function failuresOf(job: Job, pods: readonly Pod[]): number {
  const failedPods = pods.filter((p) => p.status?.phase === 'Failed').length;
  if (job.spec.template.spec?.restartPolicy !== 'OnFailure') return failedPods;
  const restarts = pods
    .filter(isPodRunningForJob)
    .flatMap((p) => p.status?.containerStatuses ?? [])
    .reduce((sum, c) => sum + (c.restartCount ?? 0), 0);
  return failedPods + restarts;
}

/** How many pods should be running now (NonIndexed completion). */
export function wantedActive(job: Job, succeeded: number): number {
  if (job.spec.suspend) return 0;
  const parallelism = job.spec.parallelism ?? 1;
  const completions = job.spec.completions;
  if (completions === undefined || completions === null) return succeeded > 0 ? 0 : parallelism;
  return Math.max(0, Math.min(parallelism, completions - succeeded));
}

/** The pods to delete when there are more than wanted: unscheduled, then not ready, then the newest. */
function excessPods(active: readonly Pod[], count: number): Pod[] {
  const rank = (p: Pod) => (!p.spec?.nodeName ? 0 : !isPodReady(p) ? 1 : 2);
  const created = (p: Pod) => parseTime(p.metadata.creationTimestamp) ?? 0;
  return [...active].sort((a, b) => rank(a) - rank(b) || created(b) - created(a)).slice(0, count);
}

export function syncJob(job: Job, pods: readonly Pod[], now: number): JobSyncResult {
  const previous = job.status ?? {};
  const active = pods.filter(isPodRunningForJob);
  // Pods are never removed by this controller, but the counts must not go back if someone does.
  const succeeded = Math.max(
    previous.succeeded ?? 0,
    pods.filter((p) => p.status?.phase === 'Succeeded').length,
  );
  const failed = Math.max(previous.failed ?? 0, failuresOf(job, pods));
  const base: JobStatus = {
    ...previous,
    active: active.length,
    succeeded,
    failed,
    ready: active.filter(isPodReady).length,
  };
  if (isJobFinished(job)) return { decision: { action: 'none' }, status: base };

  const startTime = previous.startTime ?? (job.spec.suspend ? undefined : rfc3339(now));
  const status: JobStatus = { ...base, ...(startTime ? { startTime } : {}) };
  const finish = (
    type: string,
    reason: string | undefined,
    message: string,
    warning: boolean,
  ): JobSyncResult => ({
    // A finished Job keeps no pods running.
    decision: active.length > 0 ? { action: 'delete', pods: active } : { action: 'none' },
    status: {
      ...status,
      active: 0,
      ready: 0,
      ...(type === jobCompleteCondition ? { completionTime: rfc3339(now) } : {}),
      conditions: [...(previous.conditions ?? []), condition(type, reason, message, now)],
    },
    event: { type: warning ? 'Warning' : 'Normal', reason: reason ?? 'Completed', message },
  });

  const backoffLimit = job.spec.backoffLimit ?? 6;
  if (failed > backoffLimit) {
    return finish(
      jobFailedCondition,
      backoffLimitExceededReason,
      'Job has reached the specified backoff limit',
      true,
    );
  }
  const deadline = job.spec.activeDeadlineSeconds;
  const started = parseTime(startTime);
  let requeueAfterMs: number | undefined;
  if (deadline !== undefined && deadline !== null && started !== undefined && !job.spec.suspend) {
    const remaining = started + deadline * 1000 - now;
    if (remaining <= 0) {
      return finish(
        jobFailedCondition,
        deadlineExceededReason,
        'Job was active longer than specified deadline',
        true,
      );
    }
    requeueAfterMs = remaining;
  }
  const completions = job.spec.completions;
  const complete =
    completions === undefined || completions === null
      ? succeeded > 0 && active.length === 0
      : succeeded >= completions;
  if (complete) return finish(jobCompleteCondition, undefined, 'Job completed', false);

  const want = wantedActive(job, succeeded);
  const decision: JobDecision =
    active.length < want
      ? { action: 'create', count: want - active.length }
      : active.length > want
        ? { action: 'delete', pods: excessPods(active, active.length - want) }
        : { action: 'none' };
  return { decision, status, ...(requeueAfterMs !== undefined ? { requeueAfterMs } : {}) };
}

/** The pod a Job creates: its template, its labels, and the Job as controller. */
export function podFromJobTemplate(job: Job, controllerRef: OwnerReference): Pod {
  const meta = job.spec.template.metadata ?? {};
  const uid = job.metadata.uid ?? '';
  const name = job.metadata.name ?? '';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${name}-`,
      namespace: job.metadata.namespace,
      labels: {
        ...meta.labels,
        [controllerUidLabel]: uid,
        [jobNameLabel]: name,
        [legacyControllerUidLabel]: uid,
        [legacyJobNameLabel]: name,
      },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ownerReferences: [controllerRef],
    },
    spec: structuredClone(job.spec.template.spec),
  } as Pod;
}

/** Whether the status the Job should have differs from what it has. */
export function jobStatusChanged(job: Job, status: JobStatus): boolean {
  return JSON.stringify(job.status ?? {}) !== JSON.stringify(status);
}
