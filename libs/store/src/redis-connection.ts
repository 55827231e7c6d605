/** Redis connections for the store, and the start-up check that Redis will never evict our state. */
import Redis, { RedisOptions } from 'ioredis';

export function connectRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: true, ...options });
}

export interface EvictionPolicyCheck {
  ok: boolean;
  policy: string;
  message: string;
}

/**
 * Cluster state must never be evicted: an evicted key is a silently lost object. Kubernetes'
 * etcd never forgets a key; Redis does unless `maxmemory-policy` is `noeviction`.
 */
export async function checkEvictionPolicy(redis: Redis): Promise<EvictionPolicyCheck> {
  let policy = 'unknown';
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    policy = reply[1] ?? 'unknown';
  } catch {
    // Managed Redis services often disable CONFIG; say we could not check rather than fail.
    return {
      ok: false,
      policy,
      message:
        'could not read Redis maxmemory-policy (CONFIG is disabled); make sure it is "noeviction", or objects may be evicted and lost',
    };
  }
  if (policy === 'noeviction') return { ok: true, policy, message: 'Redis maxmemory-policy is noeviction' };
  return {
    ok: false,
    policy,
    message: `Redis maxmemory-policy is "${policy}": Redis may evict cluster state under memory pressure. Set it to "noeviction" (redis-server --maxmemory-policy noeviction, or CONFIG SET maxmemory-policy noeviction)`,
  };
}
