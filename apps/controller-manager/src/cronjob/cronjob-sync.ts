/**
 * The CronJob controller's decisions (pkg/controller/cronjob/cronjob_controllerv2.go syncCronJob),
 * pure: from the CronJob, its Jobs and the time, which Job to start, which to delete (Replace
 * policy, history limits), and the status.
 */
import { CronJob, CronJobStatus, Job, OwnerReference } from '@orchestra/api';
import { CronExpressionParser } from 'cron-parser';
import { parseTime, rfc3339 } from '../controller-utils/clock';
import { isJobFinished } from '../job/job-sync';

export const scheduledTimestampAnnotation = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

export interface CronJobSyncResult {
  /** The schedule time of the Job to create now, if any. */
  createFor?: number;
  /** Jobs to delete: still running under Replace, or finished beyond the history limits. */
  deleteJobs: Job[];
  status: CronJobStatus;
  /** A scheduled run skipped because one is still running (Forbid). */
  skipped?: boolean;
  requeueAfterMs?: number;
}

const hasCondition = (job: Job, type: string) =>
  (job.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');

/** The latest schedule time in (after, now], or undefined. */
export function mostRecentScheduleTime(
  schedule: string,
  timeZone: string | undefined,
  after: number,
  now: number,
) {
  const expr = CronExpressionParser.parse(schedule, {
    currentDate: new Date(now + 1),
    tz: timeZone ?? 'UTC',
  });
  const t = expr.prev().getTime();
  return t > after ? t : undefined;
}

export function nextScheduleTime(schedule: string, timeZone: string | undefined, now: number): number {
  return CronExpressionParser.parse(schedule, { currentDate: new Date(now), tz: timeZone ?? 'UTC' })
    .next()
    .getTime();
}

export const jobNameFor = (cronJob: CronJob, scheduledTime: number) =>
  `${cronJob.metadata.name}-${Math.floor(scheduledTime / 60_000)}`;

const startOf = (job: Job) => parseTime(job.status?.startTime ?? job.metadata.creationTimestamp) ?? 0;

/** The oldest finished Jobs beyond `limit`. */
function beyondLimit(jobs: Job[], limit: number | undefined): Job[] {
  const sorted = [...jobs].sort((a, b) => startOf(b) - startOf(a));
  return sorted.slice(Math.max(0, limit ?? 0));
}

export function syncCronJob(cronJob: CronJob, jobs: readonly Job[], now: number): CronJobSyncResult {
  const { spec } = cronJob;
  const previous = cronJob.status ?? {};
  let active = jobs.filter((j) => !isJobFinished(j));
  const succeeded = jobs.filter((j) => hasCondition(j, 'Complete'));
  const failed = jobs.filter((j) => hasCondition(j, 'Failed'));
  const lastSuccess = Math.max(
    parseTime(previous.lastSuccessfulTime) ?? 0,
    ...succeeded.map((j) => parseTime(j.status?.completionTime) ?? 0),
  );
  const deleteJobs = [
    ...beyondLimit(succeeded, spec.successfulJobsHistoryLimit ?? 3),
    ...beyondLimit(failed, spec.failedJobsHistoryLimit ?? 1),
  ];
  let lastScheduleTime = previous.lastScheduleTime;
  let createFor: number | undefined;
  let skipped = false;
  let requeueAfterMs: number | undefined;

  if (!cronJob.metadata.deletionTimestamp && !spec.suspend) {
    let earliest =
      parseTime(previous.lastScheduleTime) ?? parseTime(cronJob.metadata.creationTimestamp) ?? now;
    if (spec.startingDeadlineSeconds !== undefined && spec.startingDeadlineSeconds !== null) {
      earliest = Math.max(earliest, now - spec.startingDeadlineSeconds * 1000);
    }
    const scheduled = mostRecentScheduleTime(spec.schedule, spec.timeZone, earliest, now);
    const alreadyRan =
      scheduled !== undefined && jobs.some((j) => j.metadata.name === jobNameFor(cronJob, scheduled));
    if (scheduled !== undefined && !alreadyRan) {
      if (spec.concurrencyPolicy === 'Forbid' && active.length > 0) {
        skipped = true;
      } else {
        if (spec.concurrencyPolicy === 'Replace') {
          deleteJobs.push(...active);
          active = [];
        }
        createFor = scheduled;
        lastScheduleTime = rfc3339(scheduled);
      }
    }
    requeueAfterMs = Math.max(0, nextScheduleTime(spec.schedule, spec.timeZone, now) - now) + 100;
  }

  const status: CronJobStatus = {
    ...previous,
    active: active.map((j) => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      name: j.metadata.name,
      namespace: j.metadata.namespace,
      uid: j.metadata.uid,
      resourceVersion: j.metadata.resourceVersion,
    })),
  };
  if (status.active?.length === 0) delete status.active;
  if (lastScheduleTime) status.lastScheduleTime = lastScheduleTime;
  if (lastSuccess > 0) status.lastSuccessfulTime = rfc3339(lastSuccess);
  return {
    deleteJobs,
    status,
    ...(createFor !== undefined ? { createFor } : {}),
    ...(skipped ? { skipped } : {}),
    ...(requeueAfterMs !== undefined ? { requeueAfterMs } : {}),
  };
}

/** The Job a CronJob starts for `scheduledTime` (getJobFromTemplate2). */
export function jobFromCronJob(cronJob: CronJob, scheduledTime: number, controllerRef: OwnerReference): Job {
  const meta = cronJob.spec.jobTemplate.metadata ?? {};
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobNameFor(cronJob, scheduledTime),
      namespace: cronJob.metadata.namespace,
      labels: { ...meta.labels },
      annotations: { ...meta.annotations, [scheduledTimestampAnnotation]: rfc3339(scheduledTime) },
      ownerReferences: [controllerRef],
    },
    spec: structuredClone(cronJob.spec.jobTemplate.spec),
  };
}

export function cronJobStatusChanged(cronJob: CronJob, status: CronJobStatus): boolean {
  return JSON.stringify(cronJob.status ?? {}) !== JSON.stringify(status);
}
