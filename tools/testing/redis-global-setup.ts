/**
 * Jest global set-up: integration tests get a real Redis. If REDIS_URL is set it is used as is
 * (and never flushed: each test file works under its own key prefix); otherwise a private
 * `redis-server` is started on a free port for this run and stopped afterwards.
 */
import { startRedisServer } from '../redis/redis-server';

export default async function redisGlobalSetup(): Promise<void> {
  if (process.env.REDIS_URL) return;
  const server = await startRedisServer();
  process.env.REDIS_URL = server.url;
  (globalThis as Record<string, unknown>).__ORCHESTRA_TEST_REDIS__ = server;
}
