/** What the CronJob controller writes through (implemented with the apiserver client by CronJobApiAdapter). */
import { CronJob, Job } from '@orchestra/api';

export interface CronJobApi {
  createJob(namespace: string, job: Job): Promise<Job>;
  /** DELETE the Job with `preconditions.uid` and background propagation (its pods go too). */
  deleteJob(namespace: string, name: string, uid: string): Promise<void>;
  /** PUT the CronJob's status subresource. */
  updateCronJobStatus(cronJob: CronJob): Promise<CronJob>;
}
