/** The Job controller's API port, carried out with the typed client. */
import { builtinResources, Job, Pod, ResourceDefinition } from '@orchestra/api';
import { ApiClient, ResourceClient } from '@orchestra/client';
import { JobApi } from '../job/job-api.port';

const definition = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

export class JobApiAdapter implements JobApi {
  private readonly pods: ResourceClient<Pod>;
  private readonly jobs: ResourceClient<Job>;

  constructor(client: ApiClient) {
    this.pods = client.resource<Pod>(definition('Pod'));
    this.jobs = client.resource<Job>(definition('Job'));
  }

  createPod(namespace: string, pod: Pod): Promise<Pod> {
    return this.pods.create({ ...pod, metadata: { ...pod.metadata, namespace } });
  }

  async deletePod(namespace: string, name: string, uid: string): Promise<void> {
    await this.pods.delete(name, namespace, { preconditions: { uid } });
  }

  updateJobStatus(job: Job): Promise<Job> {
    return this.jobs.updateStatus(job);
  }
}
