/**
 * Takes the dispatcher's jobs off the `scheduler` BullMQ queue, quickly: a job only points at a
 * pod (or says "something changed that may help unschedulable pods"); the in-memory scheduling
 * queue holds the real order and back-off. Runs only while this instance leads.
 */
import {
  assertReconcileJob,
  QueueName,
  queuePrefix,
  queueTelemetry,
  workqueueMetrics,
  type ReconcileJob,
} from '@orchestra/queues';
import { activeTraceparent, type Logger } from '@orchestra/observability';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import Redis from 'ioredis';
import type { Registry } from 'prom-client';

/** The dispatcher's key for "a node was added or changed, or a pod deleted". */
export const UNSCHEDULABLE_KEY = '@unschedulable';

export interface SchedulerJobHandler {
  /** A pod key (`namespace/name`) with the trace context of its job (under its change). */
  onPodKey(key: string, traceparent: string | undefined): void;
  onUnschedulableMove(): void;
}

export interface SchedulerQueueWorkerOptions {
  redisUrl: string;
  keyPrefix: string;
  handler: SchedulerJobHandler;
  logger: Logger;
  /** Jobs taken at once; each is a map lookup, so many can be open. */
  concurrency?: number;
  /** Where orchestra_queue_jobs reports the queue's jobs while this worker consumes it. */
  registry?: Registry;
}

export class SchedulerQueueWorker {
  private worker?: Worker<ReconcileJob>;
  private connection?: Redis;
  private running = false;

  constructor(private readonly o: SchedulerQueueWorkerOptions) {}

  /** Starts or resumes taking jobs. */
  async resume(): Promise<void> {
    if (!this.worker) {
      this.connection = new Redis(this.o.redisUrl, { maxRetriesPerRequest: null });
      this.worker = new Worker<ReconcileJob>(QueueName.Scheduler, (job) => this.process(job), {
        connection: this.connection,
        prefix: queuePrefix(this.o.keyPrefix),
        concurrency: this.o.concurrency ?? 32,
        autorun: false,
        // Each job in a consumer span under the change that caused it (see queue-telemetry).
        telemetry: queueTelemetry(),
      });
      this.worker.on('error', (error) => this.o.logger.warn('scheduler queue error', { error }));
      if (this.o.registry)
        workqueueMetrics(this.o.registry).consumedQueues.add(QueueName.Scheduler, {
          connection: this.connection,
          prefix: queuePrefix(this.o.keyPrefix),
        });
    }
    if (!this.running) {
      this.running = true;
      const worker = this.worker;
      worker.run().catch((error: unknown) => worker.emit('error', error as Error));
      await worker.waitUntilReady();
    } else if (this.worker.isPaused()) {
      await this.worker.resume();
    }
  }

  /** Stops taking jobs (leadership lost); the jobs wait for the next leader. */
  async pause(): Promise<void> {
    await this.worker?.pause();
  }

  async close(): Promise<void> {
    if (this.o.registry) workqueueMetrics(this.o.registry).consumedQueues.delete(QueueName.Scheduler);
    await this.worker?.close();
    this.connection?.disconnect();
    this.worker = undefined;
    this.running = false;
  }

  private async process(job: Job<ReconcileJob>): Promise<void> {
    try {
      assertReconcileJob(job.data);
    } catch (error) {
      throw new UnrecoverableError((error as Error).message);
    }
    const { key } = job.data;
    if (key === UNSCHEDULABLE_KEY) this.o.handler.onUnschedulableMove();
    else this.o.handler.onPodKey(key, activeTraceparent());
  }
}
