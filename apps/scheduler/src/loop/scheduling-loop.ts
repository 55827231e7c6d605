/**
 * The scheduler's main loop (Kubernetes `ScheduleOne`): pop a pod, bring the snapshot up to date,
 * run the scheduling cycle, and hand a placed pod to an asynchronous binding cycle so the next pod
 * is scheduled while the binding is in flight (at most `maxInFlightBindings` at once). Sleeps on a
 * signal when the queue is empty; yields to the event loop after every pod, so informer events
 * and binding answers are handled between cycles. The one place where attempts are measured.
 */
import { performance } from 'node:perf_hooks';
import type { Pod } from '@orchestra/api';
import type { Lister } from '@orchestra/client';
import type { Logger } from '@orchestra/observability';
import type { SchedulerCache, Snapshot } from '../cache';
import type { Clock, QueuedPodInfo, SchedulingCycle, SchedulingQueue } from '../framework';
import { podUid, responsibleForPod } from '../events/pod-predicates';
import type { InstrumentedFramework } from '../metrics/instrumented.framework';
import type { AttemptResult, SchedulerMetrics } from '../metrics/scheduler.metrics';
import type { BindingCycle } from './binding.cycle';
import type { PendingPodsTracker } from './pending-pods.tracker';
import { schedulingDecision } from './scheduling-decision';
import type { SchedulingFailureHandler } from './scheduling-failure.handler';
import { WakeSignal } from './wake.signal';

export interface SchedulingLoopOptions {
  queue: SchedulingQueue;
  cache: SchedulerCache;
  snapshot: Snapshot;
  cycle: SchedulingCycle;
  framework: InstrumentedFramework;
  pods: Lister<Pod>;
  tracker: PendingPodsTracker;
  binding: BindingCycle;
  failures: SchedulingFailureHandler;
  metrics: SchedulerMetrics;
  logger: Logger;
  clock: Clock;
  maxInFlightBindings: number;
  /**
   * Checked before every pod: a scheduler paused past its renew deadline (SIGSTOP) has lost the
   * Lease by the time it wakes, and must not bind what it finds queued before it hears so.
   */
  isActive?: () => boolean;
  /** Chaos queue-stall: while true the loop takes no pod (they wait in the queue); notify() when it ends. */
  stalled?: () => boolean;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class SchedulingLoop {
  private readonly wake = new WakeSignal();
  private readonly bindings = new Set<Promise<void>>();
  private running = false;
  private done?: Promise<void>;

  constructor(private readonly o: SchedulingLoopOptions) {}

  /** Tell the loop there may be work (the queue's activeQ grew). */
  notify(): void {
    this.wake.notify();
  }

  get inFlightBindings(): number {
    return this.bindings.size;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.run();
  }

  /** Stops popping pods; waits for the current cycle and the bindings in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake.notify();
    await this.done;
    await Promise.all(this.bindings);
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.bindings.size >= this.o.maxInFlightBindings) {
        await Promise.race(this.bindings);
        continue;
      }
      if (this.o.isActive && !this.o.isActive()) {
        this.running = false; // leadership is gone: the runner's stop or start follows
        break;
      }
      if (this.o.stalled?.()) {
        await this.wake.wait();
        continue;
      }
      const q = this.o.queue.pop();
      if (!q) {
        await this.wake.wait();
        continue;
      }
      try {
        this.scheduleOne(q);
      } catch (error) {
        this.o.logger.error('scheduling cycle failed', { pod: q.podInfo.key, error });
        this.o.queue.addUnschedulableIfNotPresent(q, this.o.queue.currentSchedulingCycle);
      }
      await yieldToEventLoop();
    }
  }

  private scheduleOne(q: QueuedPodInfo): void {
    const { queue, cache, snapshot, cycle, framework, metrics } = this.o;
    const pod = q.podInfo;
    // Kubernetes' skipPodSchedule: deleted, bound or being bound since it was queued.
    const current = this.o.pods.get(pod.key);
    if (!current || podUid(current) !== pod.uid || !responsibleForPod(current, framework.schedulerName))
      return;
    if (cache.isAssumed(pod.uid)) return;

    const attemptStart = performance.now();
    const podSchedulingCycle = queue.currentSchedulingCycle;
    cache.updateSnapshot(snapshot);
    const outcome = cycle.run(pod, snapshot);
    framework.endCycle();
    if (this.o.logger.isDebugEnabled())
      this.o.logger.debug('scheduling decision', schedulingDecision(pod, outcome));

    if (outcome.kind === 'Scheduled') {
      const binding = this.o.binding
        .run({
          q,
          state: outcome.state,
          nodeName: outcome.result.suggestedHost,
          attemptStart,
          podSchedulingCycle,
          firstEnqueuedMs: this.o.tracker.firstEnqueuedAt(pod.uid) ?? q.timestamp,
          decision: () => schedulingDecision(pod, outcome),
        })
        .catch((error: unknown) => {
          this.o.logger.error('binding cycle failed', { pod: pod.key, error });
        })
        .finally(() => this.bindings.delete(binding));
      this.bindings.add(binding);
      return;
    }
    const result: AttemptResult = outcome.kind === 'Unschedulable' ? 'unschedulable' : 'error';
    const profile = framework.schedulerName;
    metrics.scheduleAttempts.inc({ profile, result });
    metrics.attemptDuration.observe({ profile, result }, (performance.now() - attemptStart) / 1000);
    if (outcome.kind === 'Error')
      this.o.logger.error('scheduling attempt failed', { pod: pod.key, error: outcome.message });
    this.o.failures.handle(q, podSchedulingCycle, {
      reason: outcome.kind === 'Unschedulable' ? 'Unschedulable' : 'SchedulerError',
      message: outcome.message,
      unschedulablePlugins: outcome.kind === 'Unschedulable' ? outcome.unschedulablePlugins : new Set(),
      nominatedNodeName: outcome.kind === 'Unschedulable' ? outcome.nominatedNodeName : undefined,
    });
  }
}
