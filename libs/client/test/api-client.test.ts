/** The client against a real apiserver: every verb, ApiError shapes, watch order, metrics. */
import {
  ApiError,
  builtinResources,
  ConfigMap,
  Deployment,
  Pod,
  ResourceDefinition,
  WatchEvent,
} from '@orchestra/api';
import { Registry } from 'prom-client';
import { startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { ApiClient } from '../src/api-client';

const def = (kind: string): ResourceDefinition => builtinResources.find((d) => d.kind === kind)!;
const cm = (name: string, data: Record<string, string> = {}): ConfigMap => ({
  metadata: { name, namespace: 'default', labels: { app: 'client-test' } },
  data,
});

describe(ApiClient.name, () => {
  let api: TestApiserver;
  let client: ApiClient;
  let registry: Registry;

  beforeAll(async () => {
    api = await startTestApiserver('client');
    registry = new Registry();
    client = new ApiClient({ baseUrl: api.url, userAgent: 'client-test/0', registry, token: api.token });
  });
  afterAll(() => api.close());

  it('creates, gets, lists, updates, patches and deletes', async () => {
    const configmaps = client.resource<ConfigMap>(def('ConfigMap'));
    const created = await configmaps.create(cm('crud', { a: '1' }));
    expect(created.metadata.uid).toBeDefined();
    expect((await configmaps.get('crud', 'default')).data).toEqual({ a: '1' });

    const updated = await configmaps.update({ ...created, data: { a: '2' } });
    expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );

    const merged = await configmaps.patch('crud', 'default', { data: { b: '3' } }, 'merge');
    expect(merged.data).toEqual({ a: '2', b: '3' });
    const jsonPatched = await configmaps.patch(
      'crud',
      'default',
      [{ op: 'remove', path: '/data/a' }],
      'json',
    );
    expect(jsonPatched.data).toEqual({ b: '3' });
    const strategic = await configmaps.patch(
      'crud',
      'default',
      { metadata: { labels: { x: 'y' } } },
      'strategic',
    );
    expect(strategic.metadata.labels).toEqual({ app: 'client-test', x: 'y' });

    const list = await configmaps.list({ namespace: 'default', labelSelector: 'x=y' });
    expect(list.items.map((i) => i.metadata.name)).toEqual(['crud']);
    expect(list.items[0].kind).toBe('ConfigMap');
    expect(Number(list.resourceVersion)).toBeGreaterThan(0);

    await configmaps.delete('crud', 'default');
    await expect(configmaps.get('crud', 'default')).rejects.toMatchObject({ code: 404 });
  });

  it('pages through a list with limit and continue', async () => {
    const configmaps = client.resource<ConfigMap>(def('ConfigMap'));
    for (let i = 0; i < 7; i++)
      await configmaps.create({
        metadata: { name: `page-${i}`, namespace: 'default', labels: { page: 'y' } },
      });
    const first = await configmaps.list({ namespace: 'default', labelSelector: 'page=y', limit: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.continue).toBeTruthy();
    const all = await configmaps.listAll({ namespace: 'default', labelSelector: 'page=y', limit: 3 });
    expect(all.items.map((i) => i.metadata.name).sort()).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((i) => `page-${i}`),
    );
    expect(all.resourceVersion).toBe(first.resourceVersion);
  });

  it('turns error answers into ApiErrors with the Status fields', async () => {
    const configmaps = client.resource<ConfigMap>(def('ConfigMap'));
    const notFound = await configmaps.get('missing', 'default').catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(ApiError);
    expect(notFound).toMatchObject({
      code: 404,
      reason: 'NotFound',
      details: { name: 'missing', kind: 'configmaps' },
    });
    expect((notFound as ApiError).message).toBe('configmaps "missing" not found');

    const first = await configmaps.create(cm('dup'));
    await expect(configmaps.create(cm('dup'))).rejects.toMatchObject({ code: 409, reason: 'AlreadyExists' });
    await configmaps.update({ ...first, data: { v: '1' } });
    // The first version is stale now: compare-and-swap fails.
    await expect(configmaps.update({ ...first, data: { v: '2' } })).rejects.toMatchObject({
      code: 409,
      reason: 'Conflict',
    });

    const invalid = (await configmaps.create(cm('Not_A_Name')).catch((e: unknown) => e)) as ApiError;
    expect(invalid).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(invalid.details?.causes?.[0]).toMatchObject({ field: 'metadata.name' });
  });

  it('binds a pod and reads a deployment scale', async () => {
    const pods = client.resource<Pod>(def('Pod'));
    await pods.create({
      metadata: { name: 'bind-me', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    await client.bind('default', 'bind-me', 'node-1');
    expect((await pods.get('bind-me', 'default')).spec.nodeName).toBe('node-1');

    const deployments = client.resource<Deployment>(def('Deployment'));
    await deployments.create({
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    });
    const scale = await client.getScale(def('Deployment'), 'web', 'default');
    expect(scale.spec.replicas).toBe(2);
    const rescaled = await client.updateScale(def('Deployment'), { ...scale, spec: { replicas: 4 } });
    expect(rescaled.spec.replicas).toBe(4);
  });

  it('deletes a collection by label', async () => {
    const configmaps = client.resource<ConfigMap>(def('ConfigMap'));
    for (const name of ['gone-1', 'gone-2'])
      await configmaps.create({ metadata: { name, namespace: 'default', labels: { sweep: 'yes' } } });
    const deleted = await configmaps.deleteCollection({ namespace: 'default', labelSelector: 'sweep=yes' });
    expect(deleted.map((d) => d.metadata.name).sort()).toEqual(['gone-1', 'gone-2']);
    expect((await configmaps.list({ namespace: 'default', labelSelector: 'sweep=yes' })).items).toEqual([]);
  });

  it('watches changes in order and resolves when the server ends the stream', async () => {
    const configmaps = client.resource<ConfigMap>(def('ConfigMap'));
    const { resourceVersion } = await configmaps.list({ namespace: 'default' });
    const events: WatchEvent<ConfigMap>[] = [];
    const done = configmaps.watch(
      { namespace: 'default', resourceVersion, timeoutSeconds: 1, labelSelector: 'w=1' },
      (e) => events.push(e),
    );
    await configmaps.create({ metadata: { name: 'w', namespace: 'default', labels: { w: '1' } } });
    await configmaps.patch('w', 'default', { data: { a: 'b' } }, 'merge');
    await configmaps.delete('w', 'default');
    await done;
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
  });

  it('rejects a watch from a too-old resourceVersion with ApiError 410', async () => {
    const small = await startTestApiserver('client-gone', { CHANGE_LOG_MAX_LENGTH: '100' });
    try {
      const c = new ApiClient({ baseUrl: small.url, userAgent: 'client-test/0', token: small.token });
      const configmaps = c.resource<ConfigMap>(def('ConfigMap'));
      const { resourceVersion } = await configmaps.list();
      for (let i = 0; i < 250; i++) await configmaps.create(cm(`old-${i}`));
      await expect(configmaps.watch({ resourceVersion }, () => undefined)).rejects.toMatchObject({
        code: 410,
        reason: 'Expired',
      });
    } finally {
      await small.close();
    }
  });

  it('counts requests with client-go metric names', async () => {
    const text = await registry.metrics();
    const host = new URL(api.url).host;
    expect(text).toContain(`rest_client_requests_total{code="200",host="${host}",method="GET"}`);
    expect(text).toContain(`rest_client_requests_total{code="404",host="${host}",method="GET"}`);
    expect(text).toMatch(
      new RegExp(`rest_client_request_duration_seconds_count\\{verb="POST",host="${host}"\\} \\d+`),
    );
  });
});
