/**
 * Runs a Reconciler on a work queue (the `processNextWorkItem` loop of a Kubernetes controller):
 * takes keys with a BullMQ Worker, calls `reconcile(key)`, retries errors with per-key
 * exponential back-off, requeues on request, and records the workqueue metrics and one log line
 * per failed reconcile. The one place where controllers are measured.
 */
import { randomUUID } from 'node:crypto';
import { activeTraceparent, inSpanOf, k8sObjectAttributes, Logger } from '@orchestra/observability';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { BackoffOptions, backoffDelayMs } from './backoff';
import { queueTelemetry } from './queue-telemetry';
import { QueueStallGate } from './queue-stall.gate';
import { assertReconcileJob, ReconcileJob } from './reconcile-job';
import { ReconcileResult, Reconciler, TerminalError } from './reconciler';
import { WorkQueue, workqueueBackoffType } from './work-queue';
import { workqueueMetrics, WorkqueueMetrics } from './workqueue.metrics';

export interface ControllerLoopOptions {
  /** A shared connection: the worker gets its own duplicate (BullMQ blocks on it). */
  connection: Redis;
  /** `queuePrefix(keyPrefix)`. */
  prefix: string;
  registry: Registry;
  logger: Logger;
  /** Keys reconciled at once by this process (client-go's `workers`); one key never twice. */
  concurrency?: number;
  backoff?: BackoffOptions;
  /** Failed reconciles of one key in a row before it is dropped (until the next add). */
  maxRetries?: number;
  /**
   * Checked before every reconcile: a process that stopped leading (e.g. it was SIGSTOPped and
   * woke up after its successor took over) must not act on the jobs it was already waiting for,
   * even before its worker is paused. A job it may not run goes back on the queue.
   */
  isActive?: () => boolean;
  /**
   * How long a worker's hold on a job lasts without renewal, and how often dead workers' jobs are
   * looked for. BullMQ's 30 s defaults would leave a key of a killed controller-manager blocked
   * for a minute or more; a short lock (renewed every half) frees it within a few seconds of the
   * kill, about when the launcher has restarted the process (component-kill: the chaos run and
   * the Deployments it was reconciling go on ≈ 3 s after the restart instead of ≈ 12 s). A
   * process stopped longer than the lock (component-pause) has its jobs run again by the next
   * leader, or by itself once it runs: reconciles are idempotent.
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /**
   * The OpenTelemetry attribute that names a key's object on the reconcile span, e.g.
   * `k8s.deployment.name` (with `k8s.namespace.name` for a namespaced key).
   */
  objectAttribute?: string;
  /**
   * Chaos queue-stall: while this says the queue is stalled, the worker takes no new jobs (those
   * running finish) and the backlog grows; it takes them again when the stall ends.
   */
  stalls?: QueueStallGate;
}

const defaultLockDurationMs = 4_000;
const defaultStalledIntervalMs = 1_000;

export class ControllerLoop {
  /** The same queue, for the controller's own adds (event handlers, resync). */
  readonly queue: WorkQueue;
  private readonly metrics: WorkqueueMetrics;
  private worker?: Worker<ReconcileJob, ReconcileResult | void>;
  private workerConnection?: Redis;
  private paused = false;
  private stalled = false;
  private unsubscribeStalls?: () => void;

  constructor(
    readonly queueName: string,
    private readonly reconciler: Reconciler,
    private readonly options: ControllerLoopOptions,
  ) {
    const { connection, prefix, registry } = options;
    this.queue = new WorkQueue(queueName, { connection, prefix, registry });
    this.metrics = workqueueMetrics(registry);
    this.metrics.depthSources.set(queueName, () => this.queue.depth());
    this.metrics.consumedQueues.add(queueName, { connection, prefix });
    const { stalls } = options;
    if (stalls) this.unsubscribeStalls = stalls.onChange(() => void this.followStall(stalls));
  }

  /** Call once the informer caches have synced: a reconcile against an empty cache does harm. */
  async start(): Promise<void> {
    if (this.worker) return;
    const { prefix, concurrency = 1, backoff } = this.options;
    this.workerConnection = this.options.connection.duplicate({ maxRetriesPerRequest: null });
    const worker = new Worker<ReconcileJob, ReconcileResult | void>(
      this.queueName,
      (job) => this.process(job),
      {
        connection: this.workerConnection,
        prefix,
        concurrency,
        autorun: false,
        lockDuration: this.options.lockDurationMs ?? defaultLockDurationMs,
        stalledInterval: this.options.stalledIntervalMs ?? defaultStalledIntervalMs,
        // A job whose worker died is run again, never dropped: reconciles are idempotent.
        maxStalledCount: Number.MAX_SAFE_INTEGER,
        // Each job in a consumer span under the context it was added in (see queue-telemetry).
        telemetry: queueTelemetry(),
        settings: {
          backoffStrategy: (failures, type) =>
            type === workqueueBackoffType ? backoffDelayMs(failures, backoff) : 0,
        },
      },
    );
    worker.on('completed', (job, result) => this.requeueAfter(job, result));
    worker.on('error', (error) =>
      this.options.logger.warn('work queue error', { controller: this.reconciler.name, error }),
    );
    this.worker = worker;
    this.stalled = this.options.stalls?.stalledUntil(this.queueName) !== undefined;
    if (this.paused || this.stalled) await worker.pause(true);
    worker.run().catch((error) => worker.emit('error', error));
    await worker.waitUntilReady();
  }

  /** Stop taking keys (e.g. leadership lost); waits for the reconciles in flight. */
  async pause(): Promise<void> {
    this.paused = true;
    await this.worker?.pause();
  }

  async resume(): Promise<void> {
    this.paused = false;
    if (!this.stalled) await this.worker?.resume();
  }

  /** Pauses for a stall that began (waiting for the reconciles in flight), resumes when it ended. */
  private async followStall(stalls: QueueStallGate): Promise<void> {
    const until = stalls.stalledUntil(this.queueName);
    const stalled = until !== undefined;
    if (stalled === this.stalled) return;
    this.stalled = stalled;
    const context = { controller: this.reconciler.name, queue: this.queueName };
    if (stalled) {
      this.options.logger.info('queue stalled (chaos queue-stall)', { ...context, until: new Date(until) });
      await this.worker?.pause();
    } else {
      this.options.logger.info('queue stall over', context);
      if (!this.paused) await this.worker?.resume();
    }
  }

  /** Graceful: reconciles in flight finish (a killed one would be redelivered as stalled). */
  async stop(): Promise<void> {
    this.unsubscribeStalls?.();
    this.metrics.depthSources.delete(this.queueName);
    this.metrics.consumedQueues.delete(this.queueName);
    await this.worker?.close();
    this.workerConnection?.disconnect();
    this.worker = undefined;
    await this.queue.close();
  }

  private async process(job: Job<ReconcileJob>): Promise<ReconcileResult | void> {
    const startedAt = Date.now();
    const name = this.queueName;
    try {
      assertReconcileJob(job.data);
    } catch (error) {
      throw new UnrecoverableError((error as Error).message); // retrying cannot fix a payload
    }
    if (job.attemptsMade === 0) {
      // Time from when the job became due (added, or its delay ran out) to a worker taking it.
      const dueAt = job.timestamp + (job.delay ?? 0);
      this.metrics.queueDuration.observe({ name }, Math.max(0, startedAt - dueAt) / 1000);
    }
    const { key } = job.data;
    // The job's consumer span, under the change that caused it (none when not tracing).
    const traceparent = activeTraceparent();
    if (this.options.isActive && !this.options.isActive()) {
      // Not ours to run any more: hand the key back (it runs again once this job is finished) and
      // stop taking jobs until resumed; pausing without waiting, as this job is one of those in flight.
      await this.queue.add(key, { traceparent });
      this.paused = true;
      void this.worker?.pause(true);
      return undefined;
    }
    const ctx = { traceparent, reconcileId: randomUUID(), attempt: job.attemptsMade };
    const { objectAttribute } = this.options;
    const attributes = {
      'controller.name': this.reconciler.name,
      'controller.key': key,
      'controller.attempt': job.attemptsMade,
      ...(objectAttribute ? k8sObjectAttributes(key, objectAttribute) : {}),
    };
    try {
      // In a span under the job's (its requests to the apiserver carry it on).
      const result = await inSpanOf(traceparent, `reconcile ${this.reconciler.name}`, attributes, () =>
        this.reconciler.reconcile(key, { ...ctx, traceparent: activeTraceparent() }),
      );
      const requeueAfterMs = result?.requeueAfterMs ?? 0;
      const outcome = requeueAfterMs > 0 ? 'requeue' : 'success';
      this.metrics.reconciles.inc({ controller: this.reconciler.name, result: outcome });
      return requeueAfterMs > 0 ? { requeueAfterMs } : undefined;
    } catch (error) {
      this.metrics.reconciles.inc({ controller: this.reconciler.name, result: 'error' });
      const terminal = error instanceof TerminalError || (error as Error)?.name === 'TerminalError';
      const retry = !terminal && job.attemptsMade + 1 <= (this.options.maxRetries ?? Infinity);
      // A 409 is optimistic concurrency at work (a stale cache): expected, retried, not an alarm.
      const conflict = (error as { code?: number })?.code === 409;
      this.options.logger.log(conflict ? 'warn' : 'error', 'reconcile failed', {
        controller: this.reconciler.name,
        queue: name,
        key,
        reconcile_id: ctx.reconcileId,
        attempt: ctx.attempt,
        retry,
        traceparent,
        error,
      });
      if (!retry) throw new UnrecoverableError((error as Error)?.message ?? String(error));
      this.metrics.retries.inc({ name });
      throw error;
    } finally {
      this.metrics.workDuration.observe({ name }, (Date.now() - startedAt) / 1000);
    }
  }

  /**
   * Requeues after the job has finished, not from inside reconcile: while it is active, a delayed
   * add of its own key would be dropped (see reconcileJobOptions).
   */
  private requeueAfter(job: Job<ReconcileJob>, result: ReconcileResult | void): void {
    const delayMs = result?.requeueAfterMs;
    if (!delayMs) return;
    this.queue.add(job.data.key, { delayMs }).catch((error) =>
      this.options.logger.warn('requeue failed', {
        controller: this.reconciler.name,
        key: job.data.key,
        error,
      }),
    );
  }
}
