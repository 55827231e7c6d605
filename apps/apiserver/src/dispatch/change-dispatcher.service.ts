/**
 * The change dispatcher: reads the change log (as a consumer group member, see
 * ChangeLogConsumer), routes each change to the work queues it concerns (dispatchRoutes) and
 * enqueues the keys, acknowledging a batch only once its jobs are in the queues. The apiserver
 * owns the change log, so the dispatcher runs here; every apiserver replica runs one and they
 * share the entries.
 */
import { hostname } from 'node:os';
import { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import { Logger, LOGGER, METRICS_REGISTRY } from '@orchestra/observability';
import { AddOptions, queuePrefix } from '@orchestra/queues';
import { ChangeEvent, previousObject, StoreKeys } from '@orchestra/store';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { ApiserverConfig } from '../apiserver.config';
import { REDIS } from '../storage/storage.module';
import { ChangeLogConsumer } from './change-log-consumer';
import { DispatchQueues } from './dispatch-queues';
import { dispatchRoutes } from './dispatch-routes';
import { DispatcherMetrics } from './dispatcher.metrics';

export const dispatcherGroup = 'dispatcher';

export interface ChangeDispatcherOptions {
  redis: Redis;
  /** The store's key prefix: the change log's key and the queues' prefix derive from it. */
  keyPrefix: string;
  registry: Registry;
  logger: Logger;
  /** Defaults to `<hostname>-<pid>`. */
  consumer?: string;
  claimIdleMs?: number;
  blockMs?: number;
}

export class ChangeDispatcherService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly queues: DispatchQueues;
  private readonly metrics: DispatcherMetrics;
  private readonly changeLog: string;
  private consumer?: ChangeLogConsumer;

  constructor(private readonly options: ChangeDispatcherOptions) {
    const { redis, keyPrefix, registry } = options;
    this.changeLog = new StoreKeys(keyPrefix).changeLog;
    this.queues = new DispatchQueues({ connection: redis, prefix: queuePrefix(keyPrefix), registry });
    this.metrics = new DispatcherMetrics(registry, {
      length: () => redis.xlen(this.changeLog),
      undelivered: async () => groupInfo(redis, this.changeLog).then((g) => g?.lag ?? null),
      pending: async () => groupInfo(redis, this.changeLog).then((g) => g?.pending ?? 0),
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  async start(): Promise<void> {
    if (this.consumer) return;
    const { redis, logger, consumer = `${hostname()}-${process.pid}`, claimIdleMs, blockMs } = this.options;
    this.consumer = new ChangeLogConsumer(
      redis.duplicate(),
      {
        stream: this.changeLog,
        group: dispatcherGroup,
        consumer,
        claimIdleMs,
        blockMs,
        onError: (error, context) => logger.warn('change dispatch failed; will retry', { ...context, error }),
      },
      (events) => this.dispatch(events),
    );
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = undefined;
    await this.queues.close();
  }

  /** Enqueues the jobs of a batch of changes; rejects (so nothing is acknowledged) if any add fails. */
  protected async dispatch(events: ChangeEvent[]): Promise<void> {
    const byQueue = new Map<string, (AddOptions & { key: string })[]>();
    for (const event of events) {
      const change = { ...event, previous: previousObject(event) };
      for (const { queue, key } of dispatchRoutes(change)) {
        const jobs = byQueue.get(queue) ?? [];
        // Added under the change's context: the job's producer span is a child of the request's.
        jobs.push({ key, traceparent: event.traceparent });
        byQueue.set(queue, jobs);
      }
    }
    await Promise.all(
      [...byQueue].map(async ([queue, jobs]) => {
        await this.queues.get(queue).addMany(jobs);
        this.metrics.jobs.inc({ queue }, jobs.length);
      }),
    );
  }
}

async function groupInfo(
  redis: Redis,
  stream: string,
): Promise<{ lag: number | null; pending: number } | undefined> {
  const groups = (await redis.call('XINFO', 'GROUPS', stream)) as unknown[][];
  for (const flat of groups) {
    const info: Record<string, unknown> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) info[String(flat[i])] = flat[i + 1];
    if (info.name === dispatcherGroup) {
      return { lag: info.lag == null ? null : Number(info.lag), pending: Number(info.pending) };
    }
  }
  return undefined;
}

/** ApiserverModule's provider (only when DISPATCHER_ENABLED). */
export const changeDispatcherProvider: Provider = {
  provide: ChangeDispatcherService,
  inject: [REDIS, ApiserverConfig, METRICS_REGISTRY, LOGGER],
  useFactory: (redis: Redis, config: ApiserverConfig, registry: Registry, logger: Logger) =>
    new ChangeDispatcherService({ redis, keyPrefix: config.keyPrefix, registry, logger }),
};
