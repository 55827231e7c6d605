/** `kubectl get jobs`: NAME STATUS COMPLETIONS DURATION AGE (+ CONTAINERS IMAGES SELECTOR), as Kubernetes 1.32. */
import { Job } from '@orchestra/api';
import { humanDuration, since } from './human-duration';
import { AGE_COLUMN, column, NAME_COLUMN, Printer } from './printer';
import { workloadWideCells, workloadWideColumns } from './workload-columns';

const hasCondition = (job: Job, type: string) =>
  (job.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');

/** printers.go printJob's status: finished conditions first, then Terminating, Suspended, Running. */
export function jobStatus(job: Job): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

export function jobCompletions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec.completions !== undefined && job.spec.completions !== null) {
    return `${succeeded}/${job.spec.completions}`;
  }
  const parallelism = job.spec.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

export function jobDuration(job: Job, now: Date): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now.getTime();
  return humanDuration(end - Date.parse(start));
}

export const jobPrinter: Printer<Job> = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', 'The completion status of the job.'),
    column('Duration', 'string', 'Time required to complete the job.'),
    AGE_COLUMN,
    ...workloadWideColumns('A label query over pods that should match the pod count.'),
  ],
  print(job, now) {
    return {
      cells: [
        job.metadata.name ?? '',
        jobStatus(job),
        jobCompletions(job),
        jobDuration(job, now),
        since(job.metadata.creationTimestamp, now),
        ...workloadWideCells(job.spec.template, job.spec.selector),
      ],
    };
  },
};
