/**
 * The binding cycle (Kubernetes `bindingCycle`, run in its own goroutine): binds the assumed pod
 * while the next pod is already being scheduled. On success the cache starts the assumed pod's
 * expiry clock and a Scheduled event is recorded; on failure the cycle has already forgotten the
 * assumed pod, and it goes back to the queue with back-off.
 */
import { performance } from 'node:perf_hooks';
import type { EventRecorder } from '@orchestra/client';
import { inSpanOf, type Logger } from '@orchestra/observability';
import type { SchedulerCache } from '../cache';
import type { Clock, CycleState, QueuedPodInfo, SchedulingCycle } from '../framework';
import type { SchedulerMetrics } from '../metrics/scheduler.metrics';
import type { TraceparentStore } from '../queue/traceparent.store';
import { decisionAttributes, type SchedulingDecision } from './scheduling-decision';
import { podObject, type SchedulingFailureHandler } from './scheduling-failure.handler';

export interface BindingCycleOptions {
  cycle: SchedulingCycle;
  cache: SchedulerCache;
  recorder: EventRecorder;
  metrics: SchedulerMetrics;
  traceparents: TraceparentStore;
  failures: SchedulingFailureHandler;
  logger: Logger;
  clock: Clock;
}

/** One scheduled pod, as the scheduling cycle hands it over. */
export interface BindingJob {
  q: QueuedPodInfo;
  state: CycleState;
  nodeName: string;
  /** performance.now() when the scheduling attempt began: the attempt duration includes binding. */
  attemptStart: number;
  podSchedulingCycle: number;
  /** When the pod first entered the queue, for the scheduling SLI. */
  firstEnqueuedMs: number;
  /** What the cycle decided and why, for the span (computed only when it is recorded). */
  decision: () => SchedulingDecision;
}

export class BindingCycle {
  constructor(private readonly o: BindingCycleOptions) {}

  /** Binds in a span under the pod's change (see inSpanOf): the bind request carries it on. */
  run(job: BindingJob): Promise<void> {
    const pod = job.q.podInfo;
    const traceparent = this.o.traceparents.get(pod.key);
    return inSpanOf(
      traceparent,
      'schedule pod',
      { 'k8s.namespace.name': pod.namespace, 'k8s.pod.name': pod.name, 'k8s.node.name': job.nodeName },
      (span) => {
        if (span.isRecording()) span.setAttributes(decisionAttributes(job.decision()));
        return this.bindAndRecord(job, traceparent);
      },
    );
  }

  private async bindAndRecord(job: BindingJob, traceparent: string | undefined): Promise<void> {
    const { q, state, nodeName } = job;
    const pod = q.podInfo;
    const profile = this.o.cycle.framework.schedulerName;
    const status = await this.o.cycle.bind(state, pod, nodeName);
    const seconds = (performance.now() - job.attemptStart) / 1000;
    if (status.isSuccess()) {
      this.o.cache.finishBinding(pod);
      this.o.metrics.scheduleAttempts.inc({ profile, result: 'scheduled' });
      this.o.metrics.attemptDuration.observe({ profile, result: 'scheduled' }, seconds);
      this.o.metrics.observeScheduled(q.attempts, this.o.clock.now() - job.firstEnqueuedMs);
      const message = `Successfully assigned ${pod.key} to ${nodeName}`;
      void this.o.recorder.normal(podObject(pod.pod), 'Scheduled', message, { traceparent });
      this.o.traceparents.forget(pod.key);
      return;
    }
    this.o.metrics.scheduleAttempts.inc({ profile, result: 'error' });
    this.o.metrics.attemptDuration.observe({ profile, result: 'error' }, seconds);
    this.o.logger.warn('binding failed', { pod: pod.key, node: nodeName, error: status.message() });
    this.o.failures.handle(q, job.podSchedulingCycle, {
      reason: 'SchedulerError',
      message: `Binding rejected: ${status.message()}`,
      unschedulablePlugins: new Set(),
    });
  }
}
