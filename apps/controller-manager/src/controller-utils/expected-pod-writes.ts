/**
 * The pod writes of a controller that keeps expectations (ReplicaSet manageReplicas, Job
 * manageJob, DaemonSet syncNodes): it expects what it asks for before asking, and observes at
 * once whatever the informer will never report (creates that failed or were skipped, deletes that
 * failed), so that its next sync is not held back waiting for them. The writes themselves, and
 * their Events, are PodControl's.
 */
import { Pod } from '@orchestra/api';
import { objectKey } from '@orchestra/client';
import { hasStatusCause, isNotFound, namespaceTerminatingCause } from './api-errors';
import { ControllerExpectations } from './controller-expectations';
import { PodControl } from './pod-control';
import { slowStartBatch, slowStartInitialBatchSize } from './slow-start-batch';
import { EventTarget } from './workload-api.port';

export class ExpectedPodWrites {
  constructor(
    private readonly control: PodControl,
    /** The controller's own; `key` below is the controller's `namespace/name` in them. */
    private readonly expectations: ControllerExpectations,
  ) {}

  /**
   * Create `count` pods for `owner` (`podFor(i)` the i-th) in slow-start batches starting at
   * `initialBatchSize` (controller.slowStartBatch), stopping after the first batch with a failure,
   * whose first error it rejects with. A create refused because the namespace is terminating is
   * no failure: nothing can be created there any more, so retrying is pointless.
   */
  async createInBatches(
    key: string,
    owner: EventTarget,
    namespace: string,
    count: number,
    podFor: (index: number) => Pod,
    initialBatchSize = slowStartInitialBatchSize,
  ): Promise<void> {
    this.expectations.expectCreations(key, count);
    await this.create(key, owner, namespace, count, podFor, initialBatchSize);
  }

  /**
   * Create and delete in one sync, both at once (DaemonSet syncNodes): both are expected before
   * either starts, so that neither expectation overwrites the other.
   */
  async createAndDelete(
    key: string,
    owner: EventTarget,
    namespace: string,
    creates: { count: number; podFor: (index: number) => Pod; initialBatchSize?: number },
    victims: Pod[],
  ): Promise<void> {
    this.expectations.setExpectations(key, creates.count, victims.map(objectKey));
    const { count, podFor, initialBatchSize = slowStartInitialBatchSize } = creates;
    const results = await Promise.allSettled([
      this.create(key, owner, namespace, count, podFor, initialBatchSize),
      this.delete(key, owner, victims),
    ]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async create(
    key: string,
    owner: EventTarget,
    namespace: string,
    count: number,
    podFor: (index: number) => Pod,
    initialBatchSize: number,
  ): Promise<void> {
    const { control, expectations } = this;
    const { successes, error } = await slowStartBatch(count, initialBatchSize, async (i) => {
      await control.createPod(owner, namespace, podFor(i)).catch((e: unknown) => {
        if (!hasStatusCause(e, namespaceTerminatingCause)) throw e;
      });
    });
    // The informer will never see the pods we did not (or could not) create.
    for (let i = successes; i < count; i++) expectations.creationObserved(key);
    if (error !== undefined) throw error;
  }

  /**
   * Delete `owner`'s victims, all at once; rejects with the first failure once every delete is
   * done. A pod that is already gone is no failure.
   */
  async deleteInParallel(key: string, owner: EventTarget, victims: Pod[]): Promise<void> {
    this.expectations.expectDeletions(key, victims.map(objectKey));
    await this.delete(key, owner, victims);
  }

  private async delete(key: string, owner: EventTarget, victims: Pod[]): Promise<void> {
    const { control, expectations } = this;
    const errors: unknown[] = [];
    await Promise.all(
      victims.map((pod) =>
        control.deletePod(owner, pod).catch((e: unknown) => {
          // Not deleted by us (failed, or gone already): there is no deletion of ours to wait for.
          expectations.deletionObserved(key, objectKey(pod));
          if (!isNotFound(e)) errors.push(e);
        }),
      ),
    );
    if (errors.length > 0) throw errors[0];
  }
}
