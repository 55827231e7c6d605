/** Retries against a tiny loopback HTTP server that misbehaves on purpose. */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { builtinResources, ConfigMap } from '@orchestra/api';
import { ApiClient } from '../src/api-client';

const configmaps = builtinResources.find((d) => d.kind === 'ConfigMap')!;

type Handler = (req: IncomingMessage, res: ServerResponse, attempt: number) => void;

async function serve(handler: Handler): Promise<{ url: string; server: Server; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    req.resume();
    req.on('end', () => handler(req, res, seen.length));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen };
}

const close = (server: Server) => new Promise((resolve) => server.close(resolve));

const json = (res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(code, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const status = (code: number, reason: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  reason,
  message: reason,
  code,
});

const okConfigMap: ConfigMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'x', namespace: 'default' },
};
const fastRetries = { initialMs: 5, maxMs: 20 };

describe('ApiClient retries', () => {
  it('retries a 429 after the Retry-After delay, for reads and writes', async () => {
    const { url, server, seen } = await serve((req, res, attempt) =>
      attempt % 2 === 1
        ? json(res, 429, status(429, 'TooManyRequests'), { 'retry-after': '1' })
        : json(res, req.method === 'POST' ? 201 : 200, okConfigMap),
    );
    try {
      const client = new ApiClient({ baseUrl: url, userAgent: 'retry-test/1' }).resource<ConfigMap>(
        configmaps,
      );
      const started = Date.now();
      await expect(
        client.get('x', 'default', {
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        }),
      ).resolves.toMatchObject({ metadata: { name: 'x' } });
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      await expect(client.create(okConfigMap)).resolves.toMatchObject({ metadata: { name: 'x' } });
      expect(seen.map((r) => r.method)).toEqual(['GET', 'GET', 'POST', 'POST']);
      expect(seen[0].headers['user-agent']).toBe('retry-test/1');
      expect(seen[0].headers.traceparent).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    } finally {
      await close(server);
    }
  });

  it('retries reads on 5xx, but never a write that reached the server', async () => {
    const { url, server, seen } = await serve((req, res, attempt) =>
      attempt <= 2 ? json(res, 503, status(503, 'ServiceUnavailable')) : json(res, 200, okConfigMap),
    );
    try {
      const client = new ApiClient({ baseUrl: url, userAgent: 't', retryBackoff: fastRetries });
      const cms = client.resource<ConfigMap>(configmaps);
      await expect(cms.get('x', 'default')).resolves.toMatchObject({ metadata: { name: 'x' } });
      expect(seen).toHaveLength(3);

      const failing = await serve((_req, res) => json(res, 500, status(500, 'InternalError')));
      try {
        const writer = new ApiClient({ baseUrl: failing.url, userAgent: 't', retryBackoff: fastRetries });
        await expect(writer.resource<ConfigMap>(configmaps).create(okConfigMap)).rejects.toMatchObject({
          code: 500,
          reason: 'InternalError',
        });
        expect(failing.seen).toHaveLength(1);
      } finally {
        await close(failing.server);
      }
    } finally {
      await close(server);
    }
  });

  it('retries a write whose connection was refused, once the server is up', async () => {
    // Find a free port, then leave it closed for a moment.
    const probe = await serve(() => undefined);
    const port = Number(new URL(probe.url).port);
    await close(probe.server);
    const client = new ApiClient({
      baseUrl: `http://127.0.0.1:${port}`,
      userAgent: 't',
      retryBackoff: { initialMs: 50, maxMs: 100 },
    });
    const pending = client.resource<ConfigMap>(configmaps).create(okConfigMap);
    await new Promise((r) => setTimeout(r, 120));
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => json(res, 201, okConfigMap));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      await expect(pending).resolves.toMatchObject({ metadata: { name: 'x' } });
    } finally {
      await close(server);
    }
  });

  it('gives up on a refused connection after maxRetries', async () => {
    const probe = await serve(() => undefined);
    await close(probe.server);
    const client = new ApiClient({
      baseUrl: probe.url,
      userAgent: 't',
      maxRetries: 2,
      retryBackoff: fastRetries,
    });
    await expect(client.resource<ConfigMap>(configmaps).get('x', 'default')).rejects.toThrow('fetch failed');
  });
});
