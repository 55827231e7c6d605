/**
 * Boots a real apiserver for a test file: in-process Nest app on a free loopback port, backed by
 * the test run's Redis under a fresh key prefix that is removed afterwards.
 */
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createTestRedis, TestRedis } from './test-redis';
import { ApiserverConfig } from '../../apps/apiserver/src/apiserver.config';
import { ApiserverModule } from '../../apps/apiserver/src/apiserver.module';

export interface TestApiserver {
  url: string;
  redis: TestRedis;
  app: INestApplication;
  close(): Promise<void>;
}

export async function startTestApiserver(
  label: string,
  /** Environment variables of the apiserver (apiserverEnv), e.g. `{ EVENT_TTL_SECONDS: '1' }`. */
  overrides: Record<string, string> = {},
): Promise<TestApiserver> {
  const redis = createTestRedis(label);
  const config = ApiserverConfig.fromEnv({
    REDIS_URL: redis.url,
    ORCHESTRA_KEY_PREFIX: redis.prefix,
    APISERVER_PORT: '0',
    LOG_LEVEL: 'error',
    ...overrides,
  });
  const app = await NestFactory.create(ApiserverModule.forRoot(config), {
    bodyParser: false,
    logger: ['error'],
    forceCloseConnections: true,
  });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    url,
    redis,
    app,
    async close() {
      await app.close();
      await redis.cleanup();
    },
  };
}

/** fetch with a JSON body; returns status, parsed body and headers. */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' || Buffer.isBuffer(body) ? (body as string) : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}
