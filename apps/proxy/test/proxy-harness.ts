/**
 * Boots the proxy in-process against a test apiserver, and writes the objects it routes from:
 * Nodes whose kubelet is a test server on loopback, Services and Endpoints written directly
 * (no controller-manager runs in these tests).
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  builtinResources,
  type EndpointAddress,
  type Endpoints,
  type Node,
  type ResourceDefinition,
  type Service,
  type ServicePort,
} from '@orchestra/api';
import { ApiClient } from '@orchestra/client';
import type { TestApiserver } from '../../../tools/testing/apiserver-harness';
import { readProxyConfig } from '../src/proxy.config';
import { ProxyModule } from '../src/proxy.module';
import { ProxyService } from '../src/proxy.service';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

export interface TestProxy {
  app: INestApplication;
  /** Health, metrics and /load. */
  url: string;
  /** The traffic port. */
  trafficUrl: string;
  service: ProxyService;
  close(): Promise<void>;
}

export async function startTestProxy(
  api: TestApiserver,
  env: Record<string, string> = {},
): Promise<TestProxy> {
  const config = readProxyConfig({
    APISERVER_URL: api.url,
    PROXY_PORT: '0',
    PROXY_TRAFFIC_PORT: '0',
    LOG_LEVEL: 'error',
    // Authenticates as system:kube-proxy, as the launcher starts it.
    ...api.credentials.componentEnv('proxy'),
    ...env,
  });
  const app = await NestFactory.create(ProxyModule.forRoot(config), { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const service = app.get(ProxyService);
  const trafficUrl = `http://127.0.0.1:${service.trafficAddress()!.port}`;
  return { app, url, trafficUrl, service, close: () => app.close() };
}

export function testClient(api: TestApiserver): ApiClient {
  return new ApiClient({ baseUrl: api.url, userAgent: 'proxy-e2e', token: api.token });
}

/** A Node whose kubelet serves traffic on 127.0.0.1:`kubeletPort` (none: no daemonEndpoints). */
export function createNode(client: ApiClient, name: string, kubeletPort?: number): Promise<Node> {
  return client.resource<Node>(def('Node')).create({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    status: {
      addresses: [
        { type: 'InternalIP', address: '127.0.0.1' },
        { type: 'Hostname', address: name },
      ],
      ...(kubeletPort ? { daemonEndpoints: { kubeletEndpoint: { Port: kubeletPort } } } : {}),
    },
  });
}

export function createService(
  client: ApiClient,
  name: string,
  ports: ServicePort[] = [{ port: 80, targetPort: 8080 }],
  type: 'ClusterIP' | 'NodePort' = 'ClusterIP',
): Promise<Service> {
  return client.resource<Service>(def('Service')).create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: { type, selector: { app: name }, ports },
  });
}

/** A ready (or not ready) pod address on a node, named after the pod. */
export function address(pod: string, ip: string, nodeName: string): EndpointAddress {
  return { ip, nodeName, targetRef: { kind: 'Pod', namespace: 'default', name: pod } };
}

/** Creates or replaces the Service's Endpoints with one subset. */
export async function putEndpoints(
  client: ApiClient,
  name: string,
  subset: {
    ready?: EndpointAddress[];
    notReady?: EndpointAddress[];
    ports?: { name?: string; port: number }[];
  },
): Promise<void> {
  const resource = client.resource<Endpoints>(def('Endpoints'));
  const body: Endpoints = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name, namespace: 'default' },
    subsets: [
      {
        ...(subset.ready?.length ? { addresses: subset.ready } : {}),
        ...(subset.notReady?.length ? { notReadyAddresses: subset.notReady } : {}),
        ports: subset.ports ?? [{ port: 8080 }],
      },
    ],
  };
  try {
    const current = await resource.get(name, 'default');
    await resource.update({
      ...body,
      metadata: { ...body.metadata, resourceVersion: current.metadata.resourceVersion },
    });
  } catch (error) {
    if ((error as { code?: number }).code !== 404) throw error;
    await resource.create(body);
  }
}

export function deleteObject(client: ApiClient, kind: string, name: string): Promise<unknown> {
  return client.resource(def(kind)).delete(name, kind === 'Node' ? undefined : 'default');
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  what = 'condition',
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The value of the Prometheus series `name` whose labels include `labels`. */
export function metricValue(
  body: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of body.split('\n')) {
    const m = /^([a-z_:]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return undefined;
}

/** One HTTP request with Node's client (fetch may not set Host), answering status, text and headers. */
export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; text: string; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString(),
          headers: res.headers,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
