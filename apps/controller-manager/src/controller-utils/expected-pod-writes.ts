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
    const { control, expectations } = this;
    expectations.expectCreations(key, count);
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
    const { control, expectations } = this;
    expectations.expectDeletions(key, victims.map(objectKey));
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
