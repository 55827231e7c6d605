/**
 * Boots a real apiserver for a test file: in-process Nest app on a free loopback port, backed by
 * the test run's Redis under a fresh key prefix that is removed afterwards. Authentication and
 * authorization are on, as for a user: tests hold the admin's token (`token`, `fetch`, `call`)
 * and the credentials to add users and components (`credentials`).
 */
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TestCredentials } from './test-credentials';
import { createTestRedis, TestRedis } from './test-redis';
import { ApiserverConfig } from '../../apps/apiserver/src/apiserver.config';
import { ApiserverModule } from '../../apps/apiserver/src/apiserver.module';

export interface TestApiserver {
  url: string;
  redis: TestRedis;
  app: INestApplication;
  /** The admin's bearer token (system:masters). */
  token: string;
  credentials: TestCredentials;
  /** fetch of a path on this apiserver as the admin (a caller's own Authorization header wins). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** The admin token of each test apiserver by URL, for `call`. */
const adminTokens = new Map<string, string>();

/** The admin token of the test apiserver (in-process or a ClusterProcesses one) at `base`. */
export function adminTokenOf(base: string): string | undefined {
  return adminTokens.get(base);
}

/** Registers the admin token of an apiserver a test started some other way (ClusterProcesses). */
export function registerAdminToken(base: string, token: string): void {
  adminTokens.set(base, token);
}

/** `Authorization: Bearer <token>` for a test apiserver's admin, to spread into fetch headers. */
export function adminHeaders(base: string): Record<string, string> {
  const token = adminTokens.get(base);
  return token ? { authorization: `Bearer ${token}` } : {};
}

export async function startTestApiserver(
  label: string,
  /** Environment variables of the apiserver (apiserverEnv), e.g. `{ EVENT_TTL_SECONDS: '1' }`. */
  overrides: Record<string, string> = {},
): Promise<TestApiserver> {
  const redis = createTestRedis(label);
  const credentials = new TestCredentials();
  const config = ApiserverConfig.fromEnv({
    REDIS_URL: redis.url,
    ORCHESTRA_KEY_PREFIX: redis.prefix,
    APISERVER_PORT: '0',
    LOG_LEVEL: 'error',
    TOKEN_AUTH_FILE: credentials.tokenFile,
    SERVICE_ACCOUNT_KEY_FILE: credentials.serviceAccountKeyFile,
    // The audit log goes to a file of the test's own (read it back with auditEvents), not to the test's output.
    AUDIT_LOG_PATH: credentials.auditLogFile,
    ...overrides,
  });
  const app = await NestFactory.create(ApiserverModule.forRoot(config), {
    bodyParser: false,
    logger: ['error'],
    forceCloseConnections: true,
  });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  adminTokens.set(url, credentials.adminToken);
  return {
    url,
    redis,
    app,
    token: credentials.adminToken,
    credentials,
    fetch: (path, init = {}) =>
      fetch(url + path, {
        ...init,
        headers: { ...adminHeaders(url), ...(init.headers as Record<string, string>) },
      }),
    async close() {
      await app.close();
      await redis.cleanup();
      adminTokens.delete(url);
      credentials.cleanup();
    },
  };
}

/** fetch with a JSON body, as the admin of a test apiserver unless `headers` say otherwise; returns status, parsed body and headers. */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const init: RequestInit = { method, headers: { ...adminHeaders(base), ...headers } };
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
