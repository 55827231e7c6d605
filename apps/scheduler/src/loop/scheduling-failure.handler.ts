/**
 * What happens when a pod cannot be placed (Kubernetes `handleSchedulingFailure`): the pod goes
 * back to the queue (unschedulable until a helpful event, or back-off after an error), its
 * PodScheduled condition says why, and a FailedScheduling event tells `kubectl describe`.
 */
import type { Condition, Pod } from '@orchestra/api';
import type { EventRecorder, Lister, ResourceClient } from '@orchestra/client';
import type { Logger } from '@orchestra/observability';
import { objectRef } from '@orchestra/observability';
import type { Clock, QueuedPodInfo, SchedulingQueue } from '../framework';
import { podUid } from '../events/pod-predicates';
import type { TraceparentStore } from '../queue/traceparent.store';

export interface SchedulingFailure {
  /** PodScheduled's reason: `Unschedulable`, or `SchedulerError` for errors. */
  reason: 'Unschedulable' | 'SchedulerError';
  message: string;
  /** Empty for errors, so the pod backs off instead of waiting for an event. */
  unschedulablePlugins: Set<string>;
  nominatedNodeName?: string;
}

export interface SchedulingFailureHandlerOptions {
  queue: SchedulingQueue;
  pods: Lister<Pod>;
  podClient: ResourceClient<Pod>;
  recorder: EventRecorder;
  traceparents: TraceparentStore;
  logger: Logger;
  clock: Clock;
}

/** metav1.Time: RFC 3339 in whole seconds. */
const kubeTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class SchedulingFailureHandler {
  constructor(private readonly o: SchedulingFailureHandlerOptions) {}

  handle(q: QueuedPodInfo, podSchedulingCycle: number, failure: SchedulingFailure): void {
    const info = q.podInfo;
    const current = this.o.pods.get(info.key);
    // Deleted, replaced or bound meanwhile: the informer has taken care of it.
    if (!current || podUid(current) !== info.uid || current.spec.nodeName) return;
    q.unschedulablePlugins = failure.unschedulablePlugins;
    this.o.queue.addUnschedulableIfNotPresent(q, podSchedulingCycle);
    const traceparent = this.o.traceparents.get(info.key);
    void this.o.recorder.warning(podObject(current), 'FailedScheduling', failure.message, { traceparent });
    void this.updateCondition(current, failure, traceparent);
  }

  /** PATCH pods/status with the PodScheduled condition, unless it already says the same. */
  private async updateCondition(pod: Pod, failure: SchedulingFailure, traceparent?: string): Promise<void> {
    const old = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    const nominated = failure.nominatedNodeName;
    const sameNomination = !nominated || pod.status?.nominatedNodeName === nominated;
    if (
      old?.status === 'False' &&
      old.reason === failure.reason &&
      old.message === failure.message &&
      sameNomination
    )
      return;
    const condition: Condition = {
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime:
        old?.status === 'False' && old.lastTransitionTime
          ? old.lastTransitionTime
          : kubeTime(this.o.clock.now()),
      reason: failure.reason,
      message: failure.message,
    };
    const status = { conditions: [condition], ...(nominated ? { nominatedNodeName: nominated } : {}) };
    try {
      await this.o.podClient.patchStatus(
        pod.metadata.name!,
        pod.metadata.namespace,
        { status },
        'strategic',
        {
          traceparent,
        },
      );
    } catch (error) {
      this.o.logger.warn('could not update the PodScheduled condition', {
        object: objectRef(pod, 'Pod'),
        error,
      });
    }
  }
}

/** Events need the involved object's kind and apiVersion; informer objects may lack them. */
export const podObject = (pod: Pod): Pod => ({ ...pod, kind: 'Pod', apiVersion: 'v1' });
