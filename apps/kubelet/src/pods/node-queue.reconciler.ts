/**
 * Takes the keys the apiserver's dispatcher puts on a node's work queue (`kubelet-<node>`) and
 * hands them to the pod workers. It does not wait for the sync: a pod's sync may last a whole
 * image pull or grace period, and the queue must keep feeding the node's other pods meanwhile
 * (the kubelet's syncLoop likewise only dispatches to the per-pod goroutines).
 */
import type { Reconciler } from '@orchestra/queues';
import type { PodWorkers } from './pod-workers';

export class NodeQueueReconciler implements Reconciler {
  /** The `controller` label of the work-queue metrics; the queue name tells the node. */
  readonly name = 'kubelet';

  constructor(
    private readonly nodeName: string,
    private readonly workers: PodWorkers,
  ) {}

  reconcile(key: string): Promise<void> {
    this.workers.update(this.nodeName, key);
    return Promise.resolve();
  }
}
