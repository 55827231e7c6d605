/**
 * Kubernetes' workqueue and controller metrics (k8s.io/client-go/util/workqueue,
 * controller-runtime), one set per Prometheus registry, shared by every queue of a process and
 * told apart by the `name` (queue) and `controller` labels; and the playground's own
 * orchestra_queue_jobs{queue,state}, the BullMQ job counts of every queue the process consumes.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ConsumedQueues, queueJobStates } from './consumed-queues';

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
  /** The queues this process consumes, whose job counts are read from Redis on each scrape. */
  consumedQueues: ConsumedQueues;
  queueJobs: Gauge<'queue' | 'state'>;
}

const perRegistry = new WeakMap<Registry, WorkqueueMetrics>();

export function workqueueMetrics(registry: Registry): WorkqueueMetrics {
  let metrics = perRegistry.get(registry);
  if (metrics) return metrics;
  const registers = [registry];
  const depthSources = new Map<string, () => Promise<number>>();
  const consumedQueues = new ConsumedQueues();
  metrics = {
    depthSources,
    consumedQueues,
    queueJobs: new Gauge({
      name: 'orchestra_queue_jobs',
      help: 'Jobs in each BullMQ queue this process consumes, by state (waiting, prioritized, delayed, active, failed)',
      labelNames: ['queue', 'state'],
      registers,
      // Read when Prometheus scrapes, as workqueue_depth: the jobs live in Redis, shared by replicas.
      async collect() {
        try {
          const counts = await consumedQueues.read();
          this.reset(); // a queue no longer consumed has no series
          for (const [queue, byState] of counts)
            for (const state of queueJobStates) this.set({ queue, state }, byState[state]);
        } catch {
          // Redis away: keep the last values rather than fail the whole scrape.
        }
      },
    }),
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
