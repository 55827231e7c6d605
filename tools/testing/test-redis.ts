/**
 * Per-test-file Redis access: a fresh hash-tagged key prefix, and clean-up of exactly the keys
 * under it (never FLUSHDB: the Redis may be shared).
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

export interface TestRedis {
  url: string;
  /** A key prefix unique to this test file, with a hash tag: `{t-1a2b3c}`. */
  prefix: string;
  client: Redis;
  cleanup(): Promise<void>;
}

export function testRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url)
    throw new Error('REDIS_URL is not set: run the tests through jest (its global set-up starts Redis)');
  return url;
}

export function createTestRedis(label = 't'): TestRedis {
  const url = testRedisUrl();
  const prefix = `{${label}-${randomBytes(4).toString('hex')}}`;
  const client = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  return {
    url,
    prefix,
    client,
    async cleanup() {
      await deleteKeysWithPrefix(client, prefix);
      client.disconnect();
    },
  };
}

export async function deleteKeysWithPrefix(client: Redis, prefix: string): Promise<void> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (keys.length) await client.unlink(...keys);
  } while (cursor !== '0');
}
