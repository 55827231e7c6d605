/**
 * kube-state-metrics' CronJob families (internal/store/cronjob.go,
 * docs/metrics/workload/cronjob-metrics.md). Every series starts with `namespace` and `cronjob`.
 */
import { builtinResources, type CronJob, type ResourceDefinition } from '@orchestra/api';
import { CronExpressionParser } from 'cron-parser';
import { gauge, type MetricFamily } from '../exposition/metric-family';
import type { ResourceMetrics } from '../exposition/resource-metrics';
import { emitKubeLabels } from './kube-labels';
import { boolValue, emitCreated, unixSeconds } from './object-metadata';

/**
 * The first schedule time after the last one (or after creation, never scheduled yet), in Unix
 * seconds: kube-state-metrics' getNextScheduledTime. Schedules without spec.timeZone are read in
 * UTC, as the CronJob controller here reads them. Undefined for a schedule that does not parse
 * (kube-state-metrics panics; validation keeps such CronJobs out anyway).
 */
export function nextScheduleTime(cronJob: CronJob): number | undefined {
  const after = unixSeconds(cronJob.status?.lastScheduleTime ?? cronJob.metadata.creationTimestamp);
  if (after === undefined) return undefined;
  try {
    const next = CronExpressionParser.parse(cronJob.spec.schedule, {
      currentDate: new Date(after * 1000),
      tz: cronJob.spec.timeZone ?? 'UTC',
    }).next();
    return Math.floor(next.getTime() / 1000);
  } catch {
    return undefined;
  }
}

const optional = (name: string, help: string, of: (cj: CronJob) => number | undefined) =>
  gauge<CronJob>(name, help, (cj, emit) => {
    const value = of(cj);
    if (value !== undefined) emit(value);
  });

export const cronJobFamilies: readonly MetricFamily<CronJob>[] = [
  gauge('kube_cronjob_labels', 'Kubernetes labels converted to Prometheus labels.', (cj, emit) =>
    emitKubeLabels(emit, cj.metadata.labels),
  ),
  gauge('kube_cronjob_info', 'Info about cronjob.', (cj, emit) =>
    emit(1, {
      schedule: cj.spec.schedule,
      concurrency_policy: cj.spec.concurrencyPolicy ?? '',
      timezone: cj.spec.timeZone ?? 'local',
    }),
  ),
  gauge('kube_cronjob_created', 'Unix creation timestamp', (cj, emit) => emitCreated(emit, cj.metadata)),
  gauge('kube_cronjob_status_active', 'Active holds pointers to currently running jobs.', (cj, emit) =>
    emit(cj.status?.active?.length ?? 0),
  ),
  optional(
    'kube_cronjob_status_last_schedule_time',
    'LastScheduleTime keeps information of when was the last time the job was successfully scheduled.',
    (cj) => unixSeconds(cj.status?.lastScheduleTime),
  ),
  optional(
    'kube_cronjob_status_last_successful_time',
    'LastSuccessfulTime keeps information of when was the last time the job was completed successfully.',
    (cj) => unixSeconds(cj.status?.lastSuccessfulTime),
  ),
  optional(
    'kube_cronjob_spec_suspend',
    'Suspend flag tells the controller to suspend subsequent executions.',
    (cj) => (cj.spec.suspend === undefined ? undefined : boolValue(cj.spec.suspend)),
  ),
  optional(
    'kube_cronjob_spec_starting_deadline_seconds',
    'Deadline in seconds for starting the job if it misses scheduled time for any reason.',
    (cj) => cj.spec.startingDeadlineSeconds,
  ),
  optional(
    'kube_cronjob_next_schedule_time',
    "Next time the cronjob should be scheduled. The time after lastScheduleTime, or after the cron job's creation time if it's never been scheduled. Use this to determine if the job is delayed.",
    // A suspended CronJob has no next run to wait for.
    (cj) => (cj.spec.suspend ? undefined : nextScheduleTime(cj)),
  ),
  optional(
    'kube_cronjob_spec_successful_job_history_limit',
    'Successful job history limit tells the controller how many completed jobs should be preserved.',
    (cj) => cj.spec.successfulJobsHistoryLimit,
  ),
  optional(
    'kube_cronjob_spec_failed_job_history_limit',
    'Failed job history limit tells the controller how many failed jobs should be preserved.',
    (cj) => cj.spec.failedJobsHistoryLimit,
  ),
];

export const cronJobMetrics: ResourceMetrics<CronJob> = {
  resource: builtinResources.find((d) => d.kind === 'CronJob') as ResourceDefinition,
  ownLabels: (cj) => ({ namespace: cj.metadata.namespace ?? '', cronjob: cj.metadata.name ?? '' }),
  families: cronJobFamilies,
};
