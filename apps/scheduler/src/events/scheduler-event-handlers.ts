/**
 * The informers' events into the scheduler (Kubernetes eventhandlers.go): nodes and bound pods go
 * to the cache, unbound pods of this scheduler to the queue, and every change that could make a
 * waiting pod fit moves the unschedulable pods it could help back to active or back-off.
 * A pending pod's change also leaves its trace context for the binding (as the dispatcher's job
 * does): whichever comes first, the pod is scheduled in the trace of the request that made it.
 */
import type { Node, Pod } from '@orchestra/api';
import type { EventHandler, Lister } from '@orchestra/client';
import type { SchedulerCache } from '../cache';
import type { Clock, SchedulingQueue } from '../framework';
import type { PendingPodsTracker } from '../loop/pending-pods.tracker';
import type { TraceparentStore } from '../queue/traceparent.store';
import {
  assignedPod,
  assignedPodChanged,
  nodeSchedulingPropertiesChanged,
  podSpecOrMetaChanged,
  podUid,
  responsibleForPod,
  terminalPod,
} from './pod-predicates';

export interface SchedulerEventHandlersOptions {
  schedulerName: string;
  cache: SchedulerCache;
  queue: SchedulingQueue;
  tracker: PendingPodsTracker;
  clock: Clock;
  traceparents: TraceparentStore;
}

export class SchedulerEventHandlers {
  constructor(private readonly o: SchedulerEventHandlersOptions) {}

  readonly nodes: EventHandler<Node> = {
    onAdd: (node) => {
      this.o.cache.addNode(node);
      this.o.queue.moveAllToActiveOrBackoff('NodeAdd');
    },
    onUpdate: (oldNode, node) => {
      this.o.cache.updateNode(node);
      if (nodeSchedulingPropertiesChanged(oldNode, node)) this.o.queue.moveAllToActiveOrBackoff('NodeUpdate');
    },
    onDelete: (node) => this.o.cache.removeNode(node.metadata.name ?? ''),
  };

  readonly pods: EventHandler<Pod> = {
    onAdd: (pod, traceparent) => {
      if (assignedPod(pod)) return this.addAssigned(pod);
      this.rememberCause(pod, traceparent);
      this.enqueue(pod);
    },
    onUpdate: (oldPod, pod, traceparent) => {
      if (!assignedPod(pod)) this.rememberCause(pod, traceparent);
      if (assignedPod(pod)) {
        if (!assignedPod(oldPod)) this.addAssigned(pod);
        else if (terminalPod(pod)) {
          if (!terminalPod(oldPod)) this.removeAssigned(pod);
        } else this.updateAssigned(oldPod, pod);
        return;
      }
      if (!responsibleForPod(pod, this.o.schedulerName)) return this.dequeue(pod);
      if (!this.o.tracker.has(podUid(pod))) return this.enqueue(pod);
      // Being bound right now (assumed): the binding's outcome decides, not this update.
      if (this.o.cache.isAssumed(podUid(pod))) return;
      if (podSpecOrMetaChanged(oldPod, pod)) this.o.queue.update(pod);
    },
    onDelete: (pod) => {
      if (assignedPod(pod)) this.removeAssigned(pod);
      else this.dequeue(pod);
    },
  };

  /**
   * A work-queue job named this pod: queue it unless it is already handled. The informer may not
   * have the pod yet; its add will queue it.
   */
  ensureQueued(key: string, pods: Lister<Pod>): void {
    const pod = pods.get(key);
    if (pod && !this.o.tracker.has(podUid(pod))) this.enqueue(pod);
  }

  /** What the dispatcher's job for this change would leave (see TraceparentStore). */
  private rememberCause(pod: Pod, traceparent: string | undefined): void {
    if (!traceparent || pod.metadata.deletionTimestamp) return;
    if (!responsibleForPod(pod, this.o.schedulerName)) return;
    this.o.traceparents.remember(`${pod.metadata.namespace}/${pod.metadata.name}`, traceparent);
  }

  private enqueue(pod: Pod): void {
    if (!responsibleForPod(pod, this.o.schedulerName)) return;
    if (this.o.tracker.track(podUid(pod), this.o.clock.now())) this.o.queue.add(pod);
  }

  private dequeue(pod: Pod): void {
    const uid = podUid(pod);
    this.o.queue.delete(uid);
    this.o.tracker.untrack(uid);
  }

  private addAssigned(pod: Pod): void {
    this.dequeue(pod);
    if (terminalPod(pod)) return;
    this.o.cache.addPod(pod);
    this.o.queue.moveAllToActiveOrBackoff('AssignedPodAdd');
  }

  private updateAssigned(oldPod: Pod, pod: Pod): void {
    this.o.cache.updatePod(pod);
    if (assignedPodChanged(oldPod, pod)) this.o.queue.moveAllToActiveOrBackoff('AssignedPodUpdate');
  }

  private removeAssigned(pod: Pod): void {
    this.o.cache.removePod(pod);
    this.o.queue.moveAllToActiveOrBackoff('AssignedPodDelete');
  }
}
