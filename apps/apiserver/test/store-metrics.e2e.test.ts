/**
 * The store's metrics on the apiserver's /metrics, driven through the REST API against a real
 * Redis: operations and their latency by operation and resource, a stale update counted as a
 * conflict, and apiserver_storage_objects following creates and deletes (and 10,000 pods).
 */
import { builtinResources, KubeObject } from '@orchestra/api';
import { METRICS_REGISTRY } from '@orchestra/observability';
import { RedisStore } from '@orchestra/store';
import { Registry } from 'prom-client';
import { call, startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { metricSum } from '../../../tools/testing/component-process';
import { eventually } from '../../../tools/testing/eventually';

const configMaps = '/api/v1/namespaces/default/configmaps';
const pods = builtinResources.find((d) => d.plural === 'pods')!;

describe('store metrics', () => {
  let api: TestApiserver;
  const scrape = async () => (await api.fetch('/metrics')).text();

  beforeAll(async () => {
    // No dispatcher: nothing but the test's own requests touches the store.
    api = await startTestApiserver('store-metrics', { DISPATCHER_ENABLED: 'false' });
  });
  afterAll(() => api.close());

  it('counts and times operations by operation and resource, and a stale update as a conflict', async () => {
    const before = await scrape();
    const ops = (body: string, operation: string) =>
      metricSum(body, 'orchestra_store_operations_total', { operation, resource: 'configmaps' });

    for (const name of ['a', 'b', 'c'])
      expect(
        (await call(api.url, 'POST', configMaps, { metadata: { name }, data: { v: name } })).status,
      ).toBe(201);
    const read = await call(api.url, 'GET', `${configMaps}/a`);
    expect(read.status).toBe(200);
    expect((await call(api.url, 'GET', configMaps)).status).toBe(200);
    const updated = await call(api.url, 'PUT', `${configMaps}/a`, { ...read.body, data: { v: 'new' } });
    expect(updated.status).toBe(200);
    // The same resourceVersion again: someone else (the update above) wrote in between.
    const stale = await call(api.url, 'PUT', `${configMaps}/a`, { ...read.body, data: { v: 'lost' } });
    expect(stale.status).toBe(409);
    expect((await call(api.url, 'DELETE', `${configMaps}/c`)).status).toBe(200);
    const watch = new AbortController();
    const rv = (updated.body as KubeObject).metadata.resourceVersion;
    const stream = await api.fetch(`${configMaps}?watch=true&resourceVersion=${rv}`, {
      signal: watch.signal,
    });
    expect(stream.status).toBe(200);

    const after = await eventually(async () => {
      const body = await scrape();
      return ops(body, 'watch') - ops(before, 'watch') >= 1 && body;
    }, 5000);
    watch.abort();
    const delta = (operation: string) => ops(after, operation) - ops(before, operation);
    expect(delta('create')).toBe(3);
    expect(delta('list')).toBe(1);
    expect(delta('delete')).toBe(1);
    expect(delta('watch')).toBe(1);
    // One update that went through, and the stale one refused before writing.
    expect(delta('update')).toBe(1);
    // The GET, each PUT's and the DELETE's read of the current object.
    expect(delta('get')).toBeGreaterThanOrEqual(4);
    const conflicts = (body: string) =>
      metricSum(body, 'orchestra_store_conflicts_total', { resource: 'configmaps' });
    expect(conflicts(after) - conflicts(before)).toBe(1);
    // Every operation is timed: the histogram counts as many as the counter.
    for (const operation of ['get', 'list', 'create', 'update', 'delete', 'watch']) {
      const count = (body: string) =>
        metricSum(body, 'orchestra_store_operation_duration_seconds_count', {
          operation,
          resource: 'configmaps',
        });
      expect(count(after) - count(before)).toBe(delta(operation));
    }
    // Kubernetes' etcd_request_duration_seconds buckets.
    const buckets = [
      ...after.matchAll(
        /^orchestra_store_operation_duration_seconds_bucket\{le="([^"]+)",[^}]*operation="create",resource="configmaps"/gm,
      ),
    ].map((m) => m[1]);
    expect(buckets).toEqual(
      '0.005 0.025 0.05 0.1 0.2 0.4 0.6 0.8 1 1.25 1.5 2 3 4 5 6 8 10 15 20 30 45 60 +Inf'.split(' '),
    );
    // Other resources are told apart: the namespace guard reads the namespace of each write.
    expect(metricSum(after, 'orchestra_store_operations_total', { resource: 'namespaces' })).toBeGreaterThan(
      0,
    );
  });

  it('reports apiserver_storage_objects per resource, after creates and deletes', async () => {
    const stored = async () =>
      metricSum(await scrape(), 'apiserver_storage_objects', { resource: 'configmaps' });
    const start = await stored();
    for (const name of ['d', 'e'])
      await call(api.url, 'POST', configMaps, { metadata: { name }, data: { v: name } });
    expect(await stored()).toBe(start + 2);
    await call(api.url, 'DELETE', `${configMaps}/d`);
    expect(await stored()).toBe(start + 1);
    // Every resource of the catalog has a series, also one with nothing stored.
    const body = await scrape();
    expect(metricSum(body, 'apiserver_storage_objects', { resource: 'namespaces' })).toBe(4);
    expect(body).toMatch(/apiserver_storage_objects\{resource="replicasets",component="kube-apiserver"\} 0/);
  });

  it('counts 10,000 pods with one round trip of ZCARDs per scrape', async () => {
    const store = api.app.get(RedisStore);
    const total = 10_000;
    for (let first = 0; first < total; first += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, i) =>
          store.create(pods, {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: `pod-${first + i}`, namespace: 'default' },
            spec: { containers: [{ name: 'c', image: 'nginx' }] },
          }),
        ),
      );
    }
    const gauge = api.app.get<Registry>(METRICS_REGISTRY).getSingleMetric('apiserver_storage_objects')!;
    const samples: number[] = [];
    let value: number | undefined;
    for (let i = 0; i < 20; i++) {
      const startedAt = performance.now();
      value = (await gauge.get()).values.find((v) => v.labels.resource === 'pods')?.value;
      samples.push(performance.now() - startedAt);
    }
    expect(value).toBe(total);
    samples.sort((a, b) => a - b);
    const median = samples[samples.length / 2];
    console.log(`apiserver_storage_objects with ${total} pods: median ${median.toFixed(2)} ms per collect`);
    // One round trip of ZCARDs, independent of the number of objects; generous for a loaded machine.
    expect(median).toBeLessThan(50);
  }, 120_000);
});
