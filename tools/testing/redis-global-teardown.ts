import type { RunningRedisServer } from '../redis/redis-server';

export default async function redisGlobalTeardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>).__ORCHESTRA_TEST_REDIS__ as
    RunningRedisServer | undefined;
  await server?.stop();
}
