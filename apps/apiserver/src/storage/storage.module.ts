/**
 * The apiserver's access to Redis: the store, the change feed that serves watches, the start-up
 * check of Redis' eviction policy, and a readiness check. Only the apiserver imports this.
 */
import { Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ResourceCatalog } from '@orchestra/api';
import { LOGGER, Logger, METRICS_REGISTRY, ReadinessRegistry } from '@orchestra/observability';
import { ChangeFeed, checkEvictionPolicy, connectRedis, RedisStore, StoreObserver } from '@orchestra/store';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { ApiserverConfig } from '../apiserver.config';
import { StoreMetrics } from '../metrics/store.metrics';
import { StoreLatencyFault } from '../chaos/store-latency.fault';

export const REDIS = Symbol('REDIS');

@Injectable()
class StorageLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ChangeFeed) private readonly feed: ChangeFeed,
    @Inject(RedisStore) private readonly store: RedisStore,
    @Inject(StoreLatencyFault) private readonly latencyFault: StoreLatencyFault,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const eviction = await checkEvictionPolicy(this.redis);
    if (eviction.ok) this.logger.info(eviction.message, { policy: eviction.policy });
    else this.logger.warn(eviction.message, { policy: eviction.policy });
    await this.feed.start();
    // Before serving: a store-latency run in force when the apiserver restarts goes on slowing it.
    await this.latencyFault.start(this.store, this.feed);
    this.readiness.register('etcd', async () => (await this.redis.ping()) === 'PONG');
  }

  async onApplicationShutdown(): Promise<void> {
    this.latencyFault.stop();
    await this.feed.stop();
    this.redis.disconnect();
  }
}

/** The metrics observer, with the store-latency fault's delay before each operation. */
function withStoreLatency(metrics: StoreMetrics, fault: StoreLatencyFault): StoreObserver {
  return {
    operationDone: (operation, resource, seconds) => metrics.operationDone(operation, resource, seconds),
    conflict: (resource) => metrics.conflict(resource),
    addedLatencyMs: (operation) => fault.addedLatencyMs(operation),
  };
}

@Module({
  providers: [
    {
      provide: REDIS,
      inject: [ApiserverConfig],
      useFactory: (c: ApiserverConfig) => connectRedis(c.redisUrl),
    },
    {
      provide: StoreMetrics,
      inject: [METRICS_REGISTRY],
      useFactory: (registry: Registry) => new StoreMetrics(registry),
    },
    {
      provide: StoreLatencyFault,
      inject: [LOGGER],
      useFactory: (logger: Logger) => new StoreLatencyFault(logger),
    },
    {
      provide: RedisStore,
      inject: [REDIS, ApiserverConfig, StoreMetrics, ResourceCatalog, StoreLatencyFault],
      useFactory: (
        redis: Redis,
        c: ApiserverConfig,
        metrics: StoreMetrics,
        catalog: ResourceCatalog,
        fault: StoreLatencyFault,
      ) => {
        const store = new RedisStore(redis, {
          keyPrefix: c.keyPrefix,
          changeLogMaxLength: c.changeLogMaxLength,
          observer: withStoreLatency(metrics, fault),
        });
        metrics.countObjectsWith(() => store.countObjects(catalog.all));
        return store;
      },
    },
    {
      provide: ChangeFeed,
      inject: [REDIS, RedisStore, StoreMetrics, StoreLatencyFault],
      // The feed blocks in XREAD, so it gets a connection of its own.
      useFactory: (redis: Redis, store: RedisStore, metrics: StoreMetrics, fault: StoreLatencyFault) =>
        new ChangeFeed(redis.duplicate(), redis, store.keys, { observer: withStoreLatency(metrics, fault) }),
    },
    StorageLifecycle,
  ],
  exports: [REDIS, RedisStore, ChangeFeed],
})
export class StorageModule {}
