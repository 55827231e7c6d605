/**
 * Boots the kubelet in-process against a test apiserver (same Redis and key prefix, so it takes
 * its nodes' jobs from the dispatcher), with the simulated runtime, plus shared test helpers.
 */
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { builtinResources, type Event, type Pod, type ResourceDefinition } from '@orchestra/api';
import { ApiClient } from '@orchestra/client';
import { createServer, type AddressInfo } from 'node:net';
import type { TestApiserver } from '../../../tools/testing/apiserver-harness';
import { nodeIdentities, readKubeletConfig } from '../src/kubelet.config';
import { KubeletModule } from '../src/kubelet.module';
import { KubeletService } from '../src/kubelet.service';
import { simulatedRuntimeFactory } from '../src/simulated-runtime.factory';

export const podsDef = builtinResources.find((d) => d.kind === 'Pod') as ResourceDefinition;
export const nodesDef = builtinResources.find((d) => d.kind === 'Node') as ResourceDefinition;
export const leasesDef = builtinResources.find((d) => d.kind === 'Lease') as ResourceDefinition;
export const eventsDef = builtinResources.find((d) => d.kind === 'Event') as ResourceDefinition;

export interface TestKubelet {
  app: INestApplication;
  url: string;
  service: KubeletService;
  close(): Promise<void>;
}

export async function startTestKubelet(
  api: TestApiserver,
  env: Record<string, string> = {},
): Promise<TestKubelet> {
  const settings = {
    APISERVER_URL: api.url,
    REDIS_URL: api.redis.url,
    ORCHESTRA_KEY_PREFIX: api.redis.prefix,
    KUBELET_PORT: '0',
    NODE_NAME_PREFIX: 'node',
    PROFILE: 'playground',
    TIME_SCALE: '20',
    LOG_LEVEL: 'error',
    ...env,
  };
  // Each node authenticates as system:node:<name>, as the launcher sets kubelets up.
  const nodes = nodeIdentities(readKubeletConfig(settings)).map((n) => n.name);
  const config = readKubeletConfig({ ...settings, NODE_TOKENS_FILE: api.credentials.nodeTokensFile(nodes) });
  const app = await NestFactory.create(KubeletModule.forRoot(config, simulatedRuntimeFactory), {
    logger: false,
    bodyParser: false,
    forceCloseConnections: true,
  });
  // KUBELET_PORT 0 (any free port) is fine until the apiserver must reach the kubelet through
  // its Node's kubeletEndpoint (pods/log): then pass a port of `freePort()`.
  await app.listen(config.KUBELET_PORT, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const service = app.get(KubeletService);
  const close = async () => {
    // Probers and the syncs they trigger first: they must not outlive the apiserver of the test.
    service.kubelet.syncer.stop();
    await app.close();
  };
  return { app, url, service, close };
}

/** A loopback port free right now (bound, then released), for a kubelet the apiserver must reach. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export function testClient(api: TestApiserver): ApiClient {
  return new ApiClient({ baseUrl: api.url, userAgent: 'kubelet-e2e', token: api.token });
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
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A pod bound straight to `node` (as if scheduled), with one container. */
export function boundPod(
  name: string,
  node: string,
  container: Partial<Pod['spec']['containers'][number]> = {},
  spec: Partial<Pod['spec']> = {},
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      nodeName: node,
      containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80 }], ...container }],
      ...spec,
    },
  };
}

export async function getPod(client: ApiClient, name: string): Promise<Pod | undefined> {
  try {
    return await client.resource<Pod>(podsDef).get(name, 'default');
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
}

export async function eventsFor(client: ApiClient, podName: string): Promise<Event[]> {
  const events = await client.resource<Event>(eventsDef).list({ namespace: 'default' });
  return events.items.filter((e) => e.involvedObject.name === podName);
}
