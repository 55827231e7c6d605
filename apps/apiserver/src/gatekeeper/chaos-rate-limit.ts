/**
 * The per-user chaos rate limit: each user may inject CHAOS_REQUESTS_PER_USER_PER_MINUTE faults
 * per 60 s (POST /chaos/v1/<action> and creating a ChaosExperiment), counted in the apiserver's
 * Redis (rate-limiter-flexible's fixed window), so every apiserver replica shares one count.
 * Beyond it: 429 TooManyRequests, Retry-After the seconds until the window frees a point.
 */
import { ApiError } from '@orchestra/api';
import type Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiserverConfig } from '../apiserver.config';
import { parseRequestInfo } from '../http/request-info';
import { REDIS } from '../storage/storage.module';

export const chaosRateLimitWindowSeconds = 60;

export class ChaosRateLimiter {
  constructor(
    private readonly limiter: RateLimiterAbstract,
    readonly perMinute: number,
  ) {}

  /** The limiter on the apiserver's Redis, its keys `<prefix>/chaos-rate-limit:<user>` (one hash slot). */
  static onRedis(redis: Redis, keyPrefix: string, perMinute: number): ChaosRateLimiter {
    const limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${keyPrefix}/chaos-rate-limit`,
      points: perMinute,
      duration: chaosRateLimitWindowSeconds,
    });
    return new ChaosRateLimiter(limiter, perMinute);
  }

  /** Takes one of the user's points, or throws the 429 (Retry-After: seconds until one frees). */
  async consume(username: string): Promise<void> {
    try {
      await this.limiter.consume(username, 1);
    } catch (rejection) {
      // A RateLimiterRes means over the limit; anything else is Redis failing, for the caller's 500.
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw ApiError.tooManyRequests(
        `user "${username}" has made too many chaos requests: the limit is ${this.perMinute} per minute; ` +
          `try again in ${retryAfterSeconds} s`,
        retryAfterSeconds,
      );
    }
  }
}

/** True for requests that inject chaos: POST /chaos/v1/<action>, and creating a ChaosExperiment. */
export function isChaosInjection(method: string, url: URL): boolean {
  if (method !== 'POST') return false;
  if (/^\/chaos\/v1\/[^/]+\/?$/.test(url.pathname)) return true;
  const resource = parseRequestInfo(method, url.pathname, url.searchParams)?.resource;
  return (
    resource?.group === 'chaos.orchestra.dev' &&
    resource.resource === 'chaosexperiments' &&
    resource.verb === 'create' &&
    !resource.subresource
  );
}

/** The Nest provider: on the apiserver's Redis connection, under its key prefix. */
export const chaosRateLimiterProvider = {
  provide: ChaosRateLimiter,
  inject: [REDIS, ApiserverConfig],
  useFactory: (redis: Redis, config: ApiserverConfig) =>
    ChaosRateLimiter.onRedis(redis, config.keyPrefix, config.gatekeeper.chaosRequestsPerUserPerMinute),
};
