/**
 * kube-scheduler's own metrics, under Kubernetes' names and labels (pkg/scheduler/metrics), so
 * existing dashboards and alerts work unchanged.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { PendingPods } from '../framework';

export type AttemptResult = 'scheduled' | 'unschedulable' | 'error';

/** prometheus.ExponentialBuckets(start, factor, count). */
const exponential = (start: number, factor: number, count: number): number[] =>
  Array.from({ length: count }, (_, i) => start * factor ** i);

export class SchedulerMetrics {
  readonly scheduleAttempts: Counter<'profile' | 'result'>;
  readonly attemptDuration: Histogram<'profile' | 'result'>;
  readonly pendingPods: Gauge<'queue'>;
  readonly podSchedulingSliDuration: Histogram<'attempts'>;
  readonly extensionPointDuration: Histogram<'extension_point' | 'profile' | 'status'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.scheduleAttempts = new Counter({
      name: 'scheduler_schedule_attempts_total',
      help: 'Number of attempts to schedule pods, by the result. "unschedulable" means a pod could not be scheduled, while "error" means an internal scheduler problem.',
      labelNames: ['profile', 'result'],
      registers,
    });
    this.attemptDuration = new Histogram({
      name: 'scheduler_scheduling_attempt_duration_seconds',
      help: 'Scheduling attempt latency in seconds (scheduling algorithm + binding)',
      labelNames: ['profile', 'result'],
      buckets: exponential(0.001, 2, 15),
      registers,
    });
    this.pendingPods = new Gauge({
      name: 'scheduler_pending_pods',
      help: "Number of pending pods, by the queue type. 'active' means number of pods in activeQ; 'backoff' means number of pods in backoffQ; 'unschedulable' means number of pods in unschedulablePods that the scheduler attempted to schedule and failed; 'gated' is the number of unschedulable pods that the scheduler never attempted to schedule because they are gated.",
      labelNames: ['queue'],
      registers,
    });
    this.podSchedulingSliDuration = new Histogram({
      name: 'scheduler_pod_scheduling_sli_duration_seconds',
      help: 'E2e latency for a pod being scheduled, from the time the pod enters the scheduling queue and might involve multiple scheduling attempts.',
      labelNames: ['attempts'],
      buckets: exponential(0.01, 2, 20),
      registers,
    });
    this.extensionPointDuration = new Histogram({
      name: 'scheduler_framework_extension_point_duration_seconds',
      help: 'Latency for running all plugins of a specific extension point.',
      labelNames: ['extension_point', 'profile', 'status'],
      buckets: exponential(0.0001, 2, 12),
      registers,
    });
    this.setPendingPods({ active: 0, backoff: 0, unschedulable: 0, gated: 0 });
  }

  setPendingPods(pending: PendingPods): void {
    for (const [queue, count] of Object.entries(pending)) this.pendingPods.set({ queue }, count);
  }

  /** Kubernetes caps the attempts label at 15 to bound its cardinality. */
  observeScheduled(attempts: number, sinceFirstEnqueueMs: number): void {
    const label = attempts >= 15 ? '15+' : String(attempts);
    this.podSchedulingSliDuration.observe({ attempts: label }, sinceFirstEnqueueMs / 1000);
  }
}
