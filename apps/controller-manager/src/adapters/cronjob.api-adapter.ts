/** The CronJob controller's API port, carried out with the typed client. */
import { builtinResources, CronJob, Job, ResourceDefinition } from '@orchestra/api';
import { ApiClient, ResourceClient } from '@orchestra/client';
import { CronJobApi } from '../cronjob/cronjob-api.port';

const definition = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

export class CronJobApiAdapter implements CronJobApi {
  private readonly jobs: ResourceClient<Job>;
  private readonly cronJobs: ResourceClient<CronJob>;

  constructor(client: ApiClient) {
    this.jobs = client.resource<Job>(definition('Job'));
    this.cronJobs = client.resource<CronJob>(definition('CronJob'));
  }

  createJob(namespace: string, job: Job): Promise<Job> {
    return this.jobs.create({ ...job, metadata: { ...job.metadata, namespace } });
  }

  async deleteJob(namespace: string, name: string, uid: string): Promise<void> {
    await this.jobs.delete(name, namespace, { preconditions: { uid }, propagationPolicy: 'Background' });
  }

  updateCronJobStatus(cronJob: CronJob): Promise<CronJob> {
    return this.cronJobs.updateStatus(cronJob);
  }
}
