/**
 * controller.PodControl (pkg/controller/controller_utils.go RealPodControl): creates and deletes a
 * controller's pods and records the Events `kubectl describe` shows on the controller
 * (SuccessfulCreate / FailedCreate, SuccessfulDelete / FailedDelete). It writes and reports only:
 * which errors to tolerate and what to expect is up to the caller (expected-pod-writes.ts).
 */
import { Pod } from '@orchestra/api';
import { errorMessage, isNotFound } from './api-errors';
import { EventSink, EventTarget, WorkloadApi } from './workload-api.port';

/** The two pod writes of every workload controller's port (WorkloadApi, DaemonSetApi, JobApi). */
export type PodWriter = Pick<WorkloadApi, 'createPod' | 'deletePod'>;

export class PodControl {
  constructor(
    private readonly api: PodWriter,
    private readonly events: EventSink,
  ) {}

  /** POST the pod; on failure records FailedCreate on the owner and rejects with the apiserver's error. */
  async createPod(owner: EventTarget, namespace: string, pod: Pod): Promise<Pod> {
    try {
      const created = await this.api.createPod(namespace, pod);
      this.events.normal(owner, 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
      return created;
    } catch (e) {
      this.events.warning(owner, 'FailedCreate', `Error creating: ${errorMessage(e)}`);
      throw e;
    }
  }

  /**
   * DELETE the pod with its UID as precondition. A pod that is already gone rejects with NotFound
   * and no Event (nothing failed); any other failure records FailedDelete on the owner.
   */
  async deletePod(owner: EventTarget, pod: Pod): Promise<void> {
    const name = pod.metadata.name ?? '';
    try {
      await this.api.deletePod(pod.metadata.namespace ?? '', name, pod.metadata.uid ?? '');
      this.events.normal(owner, 'SuccessfulDelete', `Deleted pod: ${name}`);
    } catch (e) {
      if (!isNotFound(e)) this.events.warning(owner, 'FailedDelete', `Error deleting: ${errorMessage(e)}`);
      throw e;
    }
  }
}
