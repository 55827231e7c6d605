/**
 * Boots the scheduler in-process against a test apiserver (same Redis, same key prefix, so it
 * reads the dispatcher's queue), plus the helpers the end-to-end tests share.
 */
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  builtinResources,
  type Event,
  type Pod,
  type PodSpec,
  type ResourceDefinition,
} from '@orchestra/api';
import { ApiClient } from '@orchestra/client';
import type { TestApiserver } from '../../../tools/testing/apiserver-harness';
import { readSchedulerConfig } from '../src/scheduler.config';
import { SchedulerModule } from '../src/scheduler.module';
import { SchedulerService } from '../src/scheduler.service';

export const podsDef = builtinResources.find((d) => d.kind === 'Pod') as ResourceDefinition;
export const eventsDef = builtinResources.find((d) => d.kind === 'Event') as ResourceDefinition;

export interface TestScheduler {
  app: INestApplication;
  url: string;
  service: SchedulerService;
  close(): Promise<void>;
}

export async function startTestScheduler(
  api: TestApiserver,
  env: Record<string, string> = {},
): Promise<TestScheduler> {
  const config = readSchedulerConfig({
    APISERVER_URL: api.url,
    REDIS_URL: api.redis.url,
    ORCHESTRA_KEY_PREFIX: api.redis.prefix,
    SCHEDULER_PORT: '0',
    LEADER_ELECT: 'false',
    // Authenticates as system:kube-scheduler, as the launcher starts it.
    ...api.credentials.componentEnv('scheduler'),
    ...env,
  });
  const app = await NestFactory.create(SchedulerModule.forRoot(config), { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, service: app.get(SchedulerService), close: () => app.close() };
}

export function testClient(api: TestApiserver): ApiClient {
  return new ApiClient({ baseUrl: api.url, userAgent: 'scheduler-e2e', token: api.token });
}

/** A pod asking for `cpu` (100m by default), with extra spec fields and labels. */
export function pod(
  name: string,
  options: { labels?: Record<string, string>; cpu?: string; spec?: Partial<PodSpec> } = {},
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: options.labels ?? {} },
    spec: {
      containers: [
        { name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: options.cpu ?? '100m' } } },
      ],
      ...options.spec,
    },
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function listPods(client: ApiClient, labelSelector: string): Promise<Pod[]> {
  return (await client.resource<Pod>(podsDef).list({ namespace: 'default', labelSelector })).items;
}

/** Waits until `count` pods matching the selector are bound; returns all matching pods. */
export function waitForBound(client: ApiClient, labelSelector: string, count: number): Promise<Pod[]> {
  return eventually(
    async () => {
      const pods = await listPods(client, labelSelector);
      return pods.filter((p) => p.spec.nodeName).length >= count && pods;
    },
    15_000,
    `${count} bound pods matching ${labelSelector}`,
  );
}

export async function eventsFor(client: ApiClient, podName: string): Promise<Event[]> {
  const events = await client.resource<Event>(eventsDef).list({ namespace: 'default' });
  return events.items.filter((e) => e.involvedObject.name === podName);
}

export function nodeCounts(pods: Pod[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of pods) if (p.spec.nodeName) counts[p.spec.nodeName] = (counts[p.spec.nodeName] ?? 0) + 1;
  return counts;
}

/** The value of the Prometheus series `name` whose labels include `labels` (any label order). */
export function metricValue(body: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of body.split('\n')) {
    const m = /^([a-z_:]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...m[2].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return undefined;
}
