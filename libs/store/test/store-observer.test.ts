/** What the store tells its observer, against a real Redis. */
import { builtinResources, KubeObject, ResourceDefinition } from '@orchestra/api';
import Redis from 'ioredis';
import { createTestRedis, TestRedis } from '../../../tools/testing/test-redis';
import { ChangeFeed, RedisStore, StoreObserver, StoreOperation } from '../src';

const configMaps = builtinResources.find((d) => d.plural === 'configmaps') as ResourceDefinition;
const configMap = (name: string, data: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'observed' },
  data,
});

/** Counts what it is told, by `operation/resource`. */
class CountingObserver implements StoreObserver {
  readonly operations = new Map<string, number>();
  readonly conflicts = new Map<string, number>();
  operationDone(operation: StoreOperation, resource: string, seconds: number): void {
    expect(seconds).toBeGreaterThanOrEqual(0);
    const key = `${operation}/${resource}`;
    this.operations.set(key, (this.operations.get(key) ?? 0) + 1);
  }
  conflict(resource: string): void {
    this.conflicts.set(resource, (this.conflicts.get(resource) ?? 0) + 1);
  }
}

describe('StoreObserver', () => {
  let redis: TestRedis;
  let reader: Redis;
  let observer: CountingObserver;
  let store: RedisStore;
  let feed: ChangeFeed;

  beforeEach(async () => {
    redis = createTestRedis('observed');
    reader = redis.client.duplicate();
    observer = new CountingObserver();
    store = new RedisStore(redis.client, { keyPrefix: redis.prefix, observer });
    feed = new ChangeFeed(reader, redis.client, store.keys, { blockMs: 100, observer });
    await feed.start();
  });
  afterEach(async () => {
    await feed.stop();
    await redis.cleanup();
  });

  it('is told of each operation by resource, and of refused stale writes as conflicts', async () => {
    const created = await store.create(configMaps, configMap('a'));
    await store.get(configMaps, 'observed', 'a');
    await store.getJson(configMaps, 'observed', 'a');
    await store.list(configMaps, { namespace: 'observed' });
    await store.update(configMaps, { ...created, data: { v: '1' } }, created.metadata.resourceVersion);
    await expect(
      store.update(configMaps, { ...created, data: { v: '2' } }, created.metadata.resourceVersion),
    ).rejects.toMatchObject({ code: 409, reason: 'Conflict' });
    await expect(
      store.delete(configMaps, 'observed', 'a', created.metadata.resourceVersion),
    ).rejects.toMatchObject({ code: 409 });
    await store.delete(configMaps, 'observed', 'a', undefined);
    (
      await feed.subscribe(await store.currentRevision(), () => undefined, { resource: 'configmaps' })
    ).close();
    // A subscriber that names no resource is not attributed to one.
    (await feed.subscribe(await store.currentRevision(), () => undefined)).close();

    expect(Object.fromEntries(observer.operations)).toEqual({
      'create/configmaps': 1,
      'get/configmaps': 2,
      'list/configmaps': 1,
      'update/configmaps': 2,
      'delete/configmaps': 2,
      'watch/configmaps': 1,
    });
    expect(Object.fromEntries(observer.conflicts)).toEqual({ configmaps: 2 });
  });

  it('counts the conflicts guaranteedUpdate retries: every write attempt but the winners', async () => {
    await store.create(configMaps, configMap('counter', { n: '0' }));
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.guaranteedUpdate(configMaps, 'observed', 'counter', (current) => ({
          ...current,
          data: { n: String(Number((current.data as Record<string, string>).n) + 1) },
        })),
      ),
    );
    const updates = observer.operations.get('update/configmaps') ?? 0;
    const conflicts = observer.conflicts.get('configmaps') ?? 0;
    expect(conflicts).toBeGreaterThan(0); // 20 writers from the same first read: most must retry
    expect(updates).toBe(20 + conflicts);
    // One read per attempt.
    expect(observer.operations.get('get/configmaps')).toBe(updates);
  });
});
