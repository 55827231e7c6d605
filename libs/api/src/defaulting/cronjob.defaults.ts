/** CronJob defaulting (batch/v1 SetDefaults_CronJob); the job template's spec as a Job's. */
import { isRecord, Obj } from '../validation/shape';
import { defaultPodTemplate } from './pod.defaults';

export function defaultCronJob(cronJob: Obj): void {
  const spec = cronJob.spec;
  if (!isRecord(spec)) return;
  const unset = (v: unknown) => v === undefined || v === null;
  if (unset(spec.concurrencyPolicy)) spec.concurrencyPolicy = 'Allow';
  if (unset(spec.suspend)) spec.suspend = false;
  if (unset(spec.successfulJobsHistoryLimit)) spec.successfulJobsHistoryLimit = 3;
  if (unset(spec.failedJobsHistoryLimit)) spec.failedJobsHistoryLimit = 1;
  const jobSpec =
    isRecord(spec.jobTemplate) && isRecord(spec.jobTemplate.spec) ? spec.jobTemplate.spec : undefined;
  if (!jobSpec) return;
  if (unset(jobSpec.completions) && unset(jobSpec.parallelism)) jobSpec.completions = 1;
  if (unset(jobSpec.parallelism)) jobSpec.parallelism = 1;
  if (unset(jobSpec.backoffLimit)) jobSpec.backoffLimit = 6;
  if (unset(jobSpec.completionMode)) jobSpec.completionMode = 'NonIndexed';
  if (unset(jobSpec.suspend)) jobSpec.suspend = false;
  defaultPodTemplate(jobSpec.template);
}
