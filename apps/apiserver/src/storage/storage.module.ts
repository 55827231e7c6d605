/**
 * The apiserver's access to Redis: the store, the change feed that serves watches, the start-up
 * check of Redis' eviction policy, and a readiness check. Only the apiserver imports this.
 */
import { Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LOGGER, Logger, ReadinessRegistry } from '@orchestra/observability';
import { ChangeFeed, checkEvictionPolicy, connectRedis, RedisStore } from '@orchestra/store';
import Redis from 'ioredis';
import { ApiserverConfig } from '../apiserver.config';

export const REDIS = Symbol('REDIS');

@Injectable()
class StorageLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ChangeFeed) private readonly feed: ChangeFeed,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const eviction = await checkEvictionPolicy(this.redis);
    if (eviction.ok) this.logger.info(eviction.message, { policy: eviction.policy });
    else this.logger.warn(eviction.message, { policy: eviction.policy });
    await this.feed.start();
    this.readiness.register('etcd', async () => (await this.redis.ping()) === 'PONG');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.feed.stop();
    this.redis.disconnect();
  }
}

@Module({
  providers: [
    {
      provide: REDIS,
      inject: [ApiserverConfig],
      useFactory: (c: ApiserverConfig) => connectRedis(c.redisUrl),
    },
    {
      provide: RedisStore,
      inject: [REDIS, ApiserverConfig],
      useFactory: (redis: Redis, c: ApiserverConfig) =>
        new RedisStore(redis, { keyPrefix: c.keyPrefix, changeLogMaxLength: c.changeLogMaxLength }),
    },
    {
      provide: ChangeFeed,
      inject: [REDIS, RedisStore],
      // The feed blocks in XREAD, so it gets a connection of its own.
      useFactory: (redis: Redis, store: RedisStore) => new ChangeFeed(redis.duplicate(), redis, store.keys),
    },
    StorageLifecycle,
  ],
  exports: [REDIS, RedisStore, ChangeFeed],
})
export class StorageModule {}
