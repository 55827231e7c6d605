/**
 * Kubernetes' workqueue and controller metrics (k8s.io/client-go/util/workqueue,
 * controller-runtime), one set per Prometheus registry, shared by every queue of a process and
 * told apart by the `name` (queue) and `controller` labels.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Kubernetes' workqueue buckets: 10 ns to 10 s, ×10 apart. */
const workqueueBuckets = Array.from({ length: 10 }, (_, i) => 1e-8 * 10 ** i);

export type ReconcileOutcome = 'success' | 'error' | 'requeue';

export interface WorkqueueMetrics {
  depth: Gauge<'name'>;
  adds: Counter<'name'>;
  queueDuration: Histogram<'name'>;
  workDuration: Histogram<'name'>;
  retries: Counter<'name'>;
  reconciles: Counter<'controller' | 'result'>;
  /** Queues whose depth is read from Redis on each scrape, by queue name. */
  depthSources: Map<string, () => Promise<number>>;
}

const perRegistry = new WeakMap<Registry, WorkqueueMetrics>();

export function workqueueMetrics(registry: Registry): WorkqueueMetrics {
  let metrics = perRegistry.get(registry);
  if (metrics) return metrics;
  const registers = [registry];
  const depthSources = new Map<string, () => Promise<number>>();
  metrics = {
    depthSources,
    depth: new Gauge({
      name: 'workqueue_depth',
      help: 'Current depth of workqueue (waiting and delayed jobs)',
      labelNames: ['name'],
      registers,
      // Depth lives in Redis, shared by every replica: read it when Prometheus scrapes.
      async collect() {
        await Promise.all(
          [...depthSources].map(async ([name, read]) => {
            try {
              this.set({ name }, await read());
            } catch {
              // Redis away: keep the last value rather than fail the whole scrape.
            }
          }),
        );
      },
    }),
    adds: new Counter({
      name: 'workqueue_adds_total',
      help: 'Total number of adds handled by workqueue',
      labelNames: ['name'],
      registers,
    }),
    queueDuration: new Histogram({
      name: 'workqueue_queue_duration_seconds',
      help: 'How long in seconds an item stays in workqueue before being requested',
      labelNames: ['name'],
      buckets: workqueueBuckets,
      registers,
    }),
    workDuration: new Histogram({
      name: 'workqueue_work_duration_seconds',
      help: 'How long in seconds processing an item from workqueue takes',
      labelNames: ['name'],
      buckets: workqueueBuckets,
      registers,
    }),
    retries: new Counter({
      name: 'workqueue_retries_total',
      help: 'Total number of retries handled by workqueue',
      labelNames: ['name'],
      registers,
    }),
    reconciles: new Counter({
      name: 'controller_reconcile_total',
      help: 'Total number of reconciliations per controller, by result',
      labelNames: ['controller', 'result'],
      registers,
    }),
  };
  perRegistry.set(registry, metrics);
  return metrics;
}
