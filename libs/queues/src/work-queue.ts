/**
 * The producer side of a work queue: adds object keys, with client-go's workqueue semantics
 * provided by BullMQ's deduplication (`keepLastIfActive`), keyed by the object key:
 * - a key added many times while it waits is one job, so it is reconciled once;
 * - a key being reconciled stays deduplicated, so no second worker takes it meanwhile;
 * - an add during its reconcile is remembered (one slot, the latest add wins) and becomes one
 *   new job when the running one finishes, so the change is never missed;
 * - a failed reconcile is retried by BullMQ (the same job, back-off computed by the worker); an
 *   add during a failed attempt stays remembered until the job finally completes or fails.
 *
 * Each key is added under the trace context of the change that caused it (BullMQ's producer span
 * is a child of it, and the job carries the producer span's context), or as a trace of its own
 * when nothing caused it (a resync, a requeue): never under whatever context happens to be active.
 * Whichever add a deduplicated job keeps, it carries the context of a change to its key.
 */
import { withTraceparent } from '@orchestra/observability';
import { JobsOptions, Queue } from 'bullmq';
import Redis from 'ioredis';
import { Counter, Registry } from 'prom-client';
import { queueTelemetry } from './queue-telemetry';
import { assertReconcileJob, jobIdOf, ReconcileJob } from './reconcile-job';
import { workqueueMetrics } from './workqueue.metrics';

/** The custom BullMQ backoff type; the worker (ControllerLoop) computes its delays. */
export const workqueueBackoffType = 'workqueue';

/**
 * Retries are decided by the worker (it throws UnrecoverableError to stop), not by whoever
 * enqueued the key, so the producer asks for "practically forever", as client-go does.
 */
const unlimitedAttempts = 1_000_000;

export interface WorkQueueOptions {
  /** Shared connection; BullMQ does not close it. Use `queuePrefix(keyPrefix)` for `prefix`. */
  connection: Redis;
  prefix: string;
  /** Registry for `workqueue_adds_total`; adds are counted where they are made. */
  registry?: Registry;
}

export interface AddOptions {
  /** W3C traceparent of the change that caused this add; none for work with no cause. */
  traceparent?: string;
  /** Run no earlier than this (client-go's AddAfter). */
  delayMs?: number;
  /**
   * An add with no cause (a resync): while the key is being reconciled it is dropped instead of
   * remembered, so it never takes the place of a change's add the running reconcile remembered
   * (one slot, the latest add wins), nor that change's trace context.
   */
  background?: boolean;
}

export class WorkQueue {
  readonly queue: Queue<ReconcileJob>;
  private readonly adds?: Counter<'name'>;

  constructor(
    readonly name: string,
    options: WorkQueueOptions,
  ) {
    this.queue = new Queue<ReconcileJob>(name, {
      connection: options.connection,
      prefix: options.prefix,
      telemetry: queueTelemetry(),
    });
    this.adds = options.registry && workqueueMetrics(options.registry).adds;
  }

  async add(key: string, options: AddOptions = {}): Promise<void> {
    await this.addMany([{ key, ...options }]);
  }

  async addMany(items: (AddOptions & { key: string })[]): Promise<void> {
    if (items.length === 0) return;
    // One bulk add per causing change (one producer span each); without tracing, one in all.
    const byCause = new Map<string | undefined, { name: string; data: ReconcileJob; opts: JobsOptions }[]>();
    for (const { key, traceparent, delayMs, background } of items) {
      const data: ReconcileJob = { key };
      assertReconcileJob(data);
      const jobs = byCause.get(traceparent) ?? [];
      jobs.push({ name: key, data, opts: reconcileJobOptions(key, delayMs, background) });
      byCause.set(traceparent, jobs);
    }
    await Promise.all(
      [...byCause].map(([traceparent, jobs]) => withTraceparent(traceparent, () => this.queue.addBulk(jobs))),
    );
    // Every add counts, also those merged into a waiting job (client-go counts only new ones).
    this.adds?.inc({ name: this.name }, items.length);
  }

  /** Waiting + delayed jobs: the queue's depth. */
  async depth(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'delayed', 'prioritized');
    return (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

export function reconcileJobOptions(key: string, delayMs = 0, background = false): JobsOptions {
  const delayed = delayMs > 0;
  return {
    deduplication: {
      id: jobIdOf(key),
      // An immediate add during a reconcile is remembered and runs once afterwards. A delayed add
      // (a requeue) during a reconcile is dropped: that reconcile decides again whether to requeue,
      // and must not turn a remembered immediate add into a delayed one (one slot per key). A
      // background add (a resync) is dropped too: the running reconcile is as good a look.
      keepLastIfActive: !delayed && !background,
      // An immediate add pulls a key out of its requeue delay or retry back-off (client-go's Add
      // bypasses AddAfter too); a delayed add never postpones a job that is already due.
      reschedule: !delayed,
    },
    delay: delayed ? delayMs : undefined,
    attempts: unlimitedAttempts,
    backoff: { type: workqueueBackoffType },
    removeOnComplete: true,
    // Failed jobs are kept for inspection, but bounded so they never pile up.
    removeOnFail: { count: 1000, age: 3600 },
  };
}
