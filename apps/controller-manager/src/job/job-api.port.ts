/** What the Job controller writes through (implemented with the apiserver client by JobApiAdapter). */
import { Job, Pod } from '@orchestra/api';

export interface JobApi {
  /** POST pods; the pod carries `generateName`. */
  createPod(namespace: string, pod: Pod): Promise<Pod>;
  /** DELETE the pod with `preconditions.uid`. */
  deletePod(namespace: string, name: string, uid: string): Promise<void>;
  /** PUT the Job's status subresource (compare-and-swap on resourceVersion). */
  updateJobStatus(job: Job): Promise<Job>;
}
