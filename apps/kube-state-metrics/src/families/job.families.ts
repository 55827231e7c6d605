/**
 * kube-state-metrics' Job families (internal/store/job.go, docs/metrics/workload/job-metrics.md).
 * Every series starts with `namespace` and `job_name` (not `job`, which Prometheus' scrape job
 * would overwrite).
 */
import { builtinResources, type Job, type ResourceDefinition } from '@orchestra/api';
import { gauge, type MetricFamily } from '../exposition/metric-family';
import type { ResourceMetrics } from '../exposition/resource-metrics';
import { emitKubeLabels } from './kube-labels';
import { emitCreated, emitOwners, unixSeconds } from './object-metadata';
import { emitConditionStatus } from './one-hot';

/** The Failed condition's reasons kube-state-metrics names in kube_job_status_failed{reason}. */
export const jobFailureReasons = ['BackoffLimitExceeded', 'DeadlineExceeded', 'Evicted'] as const;

const conditionsOf = (job: Job, type: string) =>
  (job.status?.conditions ?? []).filter((c) => c.type === type);

const optional = (name: string, help: string, of: (job: Job) => number | undefined) =>
  gauge<Job>(name, help, (job, emit) => {
    const value = of(job);
    if (value !== undefined) emit(value);
  });

const count = (name: string, help: string, of: (job: Job) => number | undefined) =>
  gauge<Job>(name, help, (job, emit) => emit(of(job) ?? 0));

/** kube_job_complete / kube_job_failed: the condition's status one-hot in `condition`. */
const condition = (name: string, help: string, type: 'Complete' | 'Failed') =>
  gauge<Job>(name, help, (job, emit) => {
    for (const c of conditionsOf(job, type)) emitConditionStatus(emit, c.status, 'condition');
  });

export const jobFamilies: readonly MetricFamily<Job>[] = [
  gauge('kube_job_labels', 'Kubernetes labels converted to Prometheus labels.', (job, emit) =>
    emitKubeLabels(emit, job.metadata.labels),
  ),
  gauge('kube_job_info', 'Information about job.', (_job, emit) => emit(1)),
  gauge('kube_job_created', 'Unix creation timestamp', (job, emit) => emitCreated(emit, job.metadata)),
  optional(
    'kube_job_spec_parallelism',
    'The maximum desired number of pods the job should run at any given time.',
    (job) => job.spec.parallelism,
  ),
  optional(
    'kube_job_spec_completions',
    'The desired number of successfully finished pods the job should be run with.',
    (job) => job.spec.completions,
  ),
  optional(
    'kube_job_spec_active_deadline_seconds',
    'The duration in seconds relative to the startTime that the job may be active before the system tries to terminate it.',
    (job) => job.spec.activeDeadlineSeconds,
  ),
  count(
    'kube_job_status_succeeded',
    'The number of pods which reached Phase Succeeded.',
    (job) => job.status?.succeeded,
  ),
  gauge(
    'kube_job_status_failed',
    'The number of pods which reached Phase Failed and the reason for failure.',
    (job, emit) => {
      const failed = job.status?.failed ?? 0;
      if (failed === 0) return emit(0);
      // One series per known reason of each Failed condition; the count itself under reason=""
      // when no condition names a known reason (still running with failures, or an unknown one).
      let reasonKnown = false;
      for (const c of conditionsOf(job, 'Failed'))
        for (const reason of jobFailureReasons) {
          reasonKnown ||= c.reason === reason;
          emit(c.reason === reason ? 1 : 0, { reason });
        }
      if (!reasonKnown) emit(failed, { reason: '' });
    },
  ),
  count('kube_job_status_active', 'The number of actively running pods.', (job) => job.status?.active),
  count(
    'kube_job_status_ready',
    'The number of ready pods that belong to this Job.',
    (job) => job.status?.ready,
  ),
  condition('kube_job_complete', 'The job has completed its execution.', 'Complete'),
  condition('kube_job_failed', 'The job has failed its execution.', 'Failed'),
  optional(
    'kube_job_status_start_time',
    'StartTime represents time when the job was acknowledged by the Job Manager.',
    (job) => unixSeconds(job.status?.startTime),
  ),
  optional(
    'kube_job_status_completion_time',
    'CompletionTime represents time when the job was completed.',
    (job) => unixSeconds(job.status?.completionTime),
  ),
  gauge('kube_job_status_suspended', 'The number of pods which reached Phase Suspended.', (job, emit) => {
    for (const c of conditionsOf(job, 'Suspended')) emit(c.status === 'True' ? 1 : 0);
  }),
  gauge('kube_job_owner', "Information about the Job's owner.", (job, emit) => {
    // Unlike a pod's `<none>`, an unowned Job's owner labels are empty in kube-state-metrics.
    if (job.metadata.ownerReferences?.length) emitOwners(emit, job.metadata.ownerReferences);
    else emit(1, { owner_kind: '', owner_name: '', owner_is_controller: '' });
  }),
];

export const jobMetrics: ResourceMetrics<Job> = {
  resource: builtinResources.find((d) => d.kind === 'Job') as ResourceDefinition,
  ownLabels: (job) => ({ namespace: job.metadata.namespace ?? '', job_name: job.metadata.name ?? '' }),
  families: jobFamilies,
};
