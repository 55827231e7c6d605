/**
 * Consumes many small work queues on two Redis connections in all. A BullMQ Worker per queue
 * holds a blocking connection of its own, and a kubelet process of 1,000 nodes has 1,000 node
 * queues: that was a thousand sockets and most of the process's memory. Here each queue gets a
 * BullMQ Worker in manual mode, without a blocking connection (its commands go over the shared
 * one), and a single blocking connection waits on every queue's marker key at once (BZPOPMIN
 * takes many keys); a queue whose marker fires is drained with `getNextJob` until it is empty.
 *
 * For handlers that only hand a key on (the kubelet's node queues give it to the pod workers):
 * a job completes once `handle` returns, and a handler that throws fails the job for good, as
 * there is no retry here; the caller's own resync is the safety net. A job of a process that
 * died while holding it goes back to wait through BullMQ's stalled-job check.
 */
import { randomUUID } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import { activeTraceparent, inSpanOf, Logger } from '@orchestra/observability';
import { createRedisBackend, Job, UnrecoverableError, Worker } from 'bullmq';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { jobTraceparent } from './queue-telemetry';
import { QueueStallGate } from './queue-stall.gate';
import { assertReconcileJob, ReceivedJob, ReconcileJob } from './reconcile-job';
import { workqueueMetrics, WorkqueueMetrics } from './workqueue.metrics';

export interface MultiQueueConsumerOptions {
  /** Shared, with `maxRetriesPerRequest: null`; the blocking connection is a duplicate of it. */
  connection: Redis;
  /** `queuePrefix(keyPrefix)`. */
  prefix: string;
  /** The `name` label of the workqueue metrics: one for all the queues (e.g. `kubelet`). */
  metricsName: string;
  registry: Registry;
  logger: Logger;
  /** Called in the job's consumer span; `job.traceparent` is that span's. */
  handle(queueName: string, job: ReceivedJob): void | Promise<void>;
  /** How long the marker wait blocks before it looks again (it also wakes for every job). */
  blockTimeoutSeconds?: number;
  /** How often each queue looks for jobs whose holder died. */
  stalledIntervalMs?: number;
  /**
   * Chaos queue-stall: a stalled queue is not drained (the job being handled finishes), so its
   * jobs wait; every queue whose stall ended is drained at once.
   */
  stalls?: QueueStallGate;
}

interface ConsumedQueue {
  name: string;
  worker: Worker<ReconcileJob>;
  /** A drain is running; `again` asks it for one more pass (a marker fired meanwhile). */
  draining: boolean;
  again: boolean;
  timer?: NodeJS.Timeout;
}

export class MultiQueueConsumer {
  private readonly queues = new Map<string, ConsumedQueue>();
  private readonly byMarker = new Map<string, ConsumedQueue>();
  private readonly metrics: WorkqueueMetrics;
  private readonly token = randomUUID();
  private blocking?: Redis;
  private running?: Promise<void>;
  private stopped = false;
  private unsubscribeStalls?: () => void;

  constructor(private readonly options: MultiQueueConsumerOptions) {
    this.metrics = workqueueMetrics(options.registry);
    // workqueue_depth under the consumer's one name: the jobs waiting in all its queues.
    this.metrics.depthSources.set(options.metricsName, () =>
      this.metrics.consumedQueues.depth(this.queues.keys()),
    );
  }

  /** Adds a queue to consume; call before start. */
  add(queueName: string): void {
    if (this.running) throw new Error('MultiQueueConsumer: add queues before start()');
    if (this.queues.has(queueName)) return;
    const { connection, prefix, stalledIntervalMs = 30_000 } = this.options;
    const worker = new Worker<ReconcileJob>(
      queueName,
      null,
      {
        connection,
        prefix,
        autorun: false,
        stalledInterval: stalledIntervalMs,
        maxStalledCount: Number.MAX_SAFE_INTEGER,
      },
      // Manual mode needs no blocking connection of its own: the consumer blocks for everyone.
      (name, opts, flags) => createRedisBackend(name, opts, { ...flags, withBlockingConnection: false }),
    );
    worker.on('error', (error) => this.options.logger.warn('work queue error', { queue: queueName, error }));
    const queue: ConsumedQueue = { name: queueName, worker, draining: false, again: false };
    this.queues.set(queueName, queue);
    this.byMarker.set(worker.keys.marker, queue);
    this.metrics.consumedQueues.add(queueName, { connection, prefix });
  }

  /** Drains what is already waiting, then follows every queue's marker. */
  async start(): Promise<void> {
    if (this.running) return;
    await Promise.all([...this.queues.values()].map((q) => q.worker.waitUntilReady()));
    for (const queue of this.queues.values()) {
      queue.worker.startStalledCheckTimer().catch((error) => queue.worker.emit('error', error));
      this.drain(queue);
    }
    this.blocking = this.options.connection.duplicate({ maxRetriesPerRequest: null });
    this.running = this.follow(this.blocking);
    // A stall that ends wakes no marker: drain what waited meanwhile.
    this.unsubscribeStalls = this.options.stalls?.onChange(() => {
      for (const queue of this.queues.values()) if (!this.isStalled(queue)) this.drain(queue);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribeStalls?.();
    this.metrics.depthSources.delete(this.options.metricsName);
    for (const name of this.queues.keys()) this.metrics.consumedQueues.delete(name);
    // Disconnecting ends a BZPOPMIN in flight; its rejection ends the loop.
    this.blocking?.disconnect();
    await this.running;
    for (const queue of this.queues.values()) clearTimeout(queue.timer);
    await Promise.all([...this.queues.values()].map((q) => q.worker.close()));
  }

  private async follow(blocking: Redis): Promise<void> {
    const markers = [...this.byMarker.keys()];
    const timeout = this.options.blockTimeoutSeconds ?? 5;
    while (!this.stopped) {
      let popped: [string, string, string] | null;
      try {
        popped = (await blocking.bzpopmin(...markers, timeout)) as [string, string, string] | null;
      } catch (error) {
        if (this.stopped) return;
        this.options.logger.warn('waiting for work-queue markers failed; retrying', { error });
        await new Promise((r) => setTimeout(r, 1_000));
        continue;
      }
      if (!popped) continue;
      const [marker, , score] = popped;
      const queue = this.byMarker.get(marker);
      if (!queue) continue;
      // A marker's score is 0 for a job that is due, or when the next delayed job becomes due.
      const dueInMs = Number(score) - Date.now();
      if (dueInMs > 0) this.drainWhenDue(queue, dueInMs);
      else this.drain(queue);
    }
  }

  /**
   * Drains once a delayed job is due. The marker was popped, so nothing else will wake this
   * queue for that job: if the timer fires a hair before BullMQ counts the job as due, look again
   * shortly (a few times) rather than lose the wake-up.
   */
  private drainWhenDue(queue: ConsumedQueue, dueInMs: number, retries = 10): void {
    clearTimeout(queue.timer);
    queue.timer = setTimeout(() => {
      queue.timer = undefined;
      // A drain already running may have looked before the job was due: come back after it.
      if (queue.draining) return this.drainWhenDue(queue, 50, retries);
      this.drain(queue, (taken) => {
        if (taken === 0 && retries > 0 && !this.stopped) this.drainWhenDue(queue, 100, retries - 1);
      });
    }, dueInMs + 5);
  }

  /** Takes this queue's jobs one by one until it has none (for now); `done` gets how many. */
  private drain(queue: ConsumedQueue, done?: (taken: number) => void): void {
    if (queue.draining) {
      queue.again = true;
      return;
    }
    queue.draining = true;
    let taken = 0;
    void (async () => {
      do {
        queue.again = false;
        for (;;) {
          if (this.stopped || this.isStalled(queue)) return;
          const job = await queue.worker.getNextJob(this.token, { block: false }).catch((error: unknown) => {
            this.options.logger.warn('taking a job failed', { queue: queue.name, error });
            return undefined;
          });
          if (!job) break;
          taken++;
          await this.process(queue, job);
        }
      } while (queue.again && !this.stopped);
    })().finally(() => {
      queue.draining = false;
      done?.(taken);
    });
  }

  private isStalled(queue: ConsumedQueue): boolean {
    return this.options.stalls?.stalledUntil(queue.name) !== undefined;
  }

  private async process(queue: ConsumedQueue, job: Job<ReconcileJob>): Promise<void> {
    const startedAt = Date.now();
    const name = this.options.metricsName;
    this.metrics.queueDuration.observe({ name }, Math.max(0, startedAt - job.timestamp) / 1000);
    try {
      assertReconcileJob(job.data);
      const { key } = job.data;
      // Manual mode has no processing loop to open the consumer span: it is opened here, under
      // the producer span whose context the job carries, as BullMQ's Worker does.
      await inSpanOf(
        jobTraceparent(job),
        `process ${queue.name}`,
        {
          'messaging.system': 'bullmq',
          'messaging.operation.type': 'process',
          'messaging.operation.name': 'process',
          'messaging.destination.name': queue.name,
          'messaging.message.id': job.id ?? '',
        },
        async () => this.options.handle(queue.name, { key, traceparent: activeTraceparent() }),
        { kind: SpanKind.CONSUMER },
      );
      await job.moveToCompleted(undefined, this.token, false);
    } catch (error) {
      this.options.logger.warn('work-queue job failed', { queue: queue.name, key: job.data?.key, error });
      // No retries: failed is final.
      const final = new UnrecoverableError((error as Error)?.message ?? String(error));
      await job.moveToFailed(final, this.token, false).catch(() => undefined);
    } finally {
      this.metrics.workDuration.observe({ name }, (Date.now() - startedAt) / 1000);
    }
  }
}
