import { ApiError, builtinResources, KubeObject, ResourceDefinition } from '@orchestra/api';
import Redis from 'ioredis';
import { createTestRedis, TestRedis } from '../../../tools/testing/test-redis';
import { ChangeEvent, ChangeFeed, decodeObject, RedisStore, withResourceVersion } from '../src';

const configMaps = builtinResources.find((d) => d.plural === 'configmaps') as ResourceDefinition;
const nodes = builtinResources.find((d) => d.plural === 'nodes') as ResourceDefinition;

const configMap = (name: string, namespace = 'default', data: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

describe(RedisStore.name, () => {
  let redis: TestRedis;
  let store: RedisStore;

  beforeAll(() => {
    redis = createTestRedis('store');
    store = new RedisStore(redis.client, { keyPrefix: redis.prefix, changeLogMaxLength: 50 });
  });
  afterAll(() => redis.cleanup());

  it('creates, reads, and refuses a second create with 409 AlreadyExists', async () => {
    const created = await store.create(configMaps, configMap('a', 'create', { k: 'v' }));
    expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(0);
    const read = await store.get(configMaps, 'create', 'a');
    expect(read).toEqual(created);
    expect(JSON.parse((await store.getJson(configMaps, 'create', 'a'))!)).toEqual(created);
    await expect(store.create(configMaps, configMap('a', 'create'))).rejects.toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
    });
    expect(await store.get(configMaps, 'create', 'a')).toEqual(created);
  });

  it('lets exactly one of 50 concurrent updates from the same resourceVersion win', async () => {
    const original = await store.create(configMaps, configMap('contended', 'contention'));
    const before = await store.currentRevision();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        store.update(
          configMaps,
          { ...original, data: { writer: String(i) } },
          original.metadata.resourceVersion,
        ),
      ),
    );
    const winners = results.filter((r): r is PromiseFulfilledResult<KubeObject> => r.status === 'fulfilled');
    const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(49);
    for (const loser of losers) expect(loser.reason).toMatchObject({ code: 409, reason: 'Conflict' });
    const stored = await store.get(configMaps, 'contention', 'contended');
    expect(stored?.data).toEqual(winners[0].value.data);
    expect(await store.currentRevision()).toBe(before + 1);
    expect(stored?.metadata.resourceVersion).toBe(String(before + 1));
  });

  it('guaranteedUpdate retries on conflict and skips writes that change nothing', async () => {
    await store.create(configMaps, configMap('counter', 'gu', { n: '0' }));
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.guaranteedUpdate(configMaps, 'gu', 'counter', (cur) => ({
          ...cur,
          data: { n: String(Number((cur.data as Record<string, string>).n) + 1) },
        })),
      ),
    );
    const after = await store.get(configMaps, 'gu', 'counter');
    expect(after?.data).toEqual({ n: '20' });
    const revision = await store.currentRevision();
    const noop = await store.guaranteedUpdate(configMaps, 'gu', 'counter', (cur) => cur);
    expect(noop.changed).toBe(false);
    expect(await store.currentRevision()).toBe(revision);
  });

  it('deletes with a resourceVersion precondition', async () => {
    const created = await store.create(configMaps, configMap('gone', 'delete'));
    await expect(store.delete(configMaps, 'delete', 'gone', '1')).rejects.toMatchObject({ code: 409 });
    const deleted = await store.delete(configMaps, 'delete', 'gone', created.metadata.resourceVersion);
    expect(Number(deleted.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );
    expect(await store.get(configMaps, 'delete', 'gone')).toBeUndefined();
    await expect(store.delete(configMaps, 'delete', 'gone', undefined)).rejects.toBeInstanceOf(ApiError);
  });

  it('lists by namespace in pages that all report the first page resourceVersion', async () => {
    for (let i = 0; i < 7; i++) await store.create(configMaps, configMap(`item-${i}`, 'paged'));
    await store.create(configMaps, configMap('other', 'paged-not'));
    const first = await store.list(configMaps, { namespace: 'paged', limit: 3 });
    expect(first.items.map((o) => o.metadata.name)).toEqual(['item-0', 'item-1', 'item-2']);
    expect(first.continue).toBeDefined();
    await store.create(configMaps, configMap('item-9', 'paged')); // written between pages
    const second = await store.list(configMaps, { namespace: 'paged', limit: 3, continue: first.continue });
    const third = await store.list(configMaps, { namespace: 'paged', limit: 3, continue: second.continue });
    expect(second.resourceVersion).toBe(first.resourceVersion);
    expect(third.resourceVersion).toBe(first.resourceVersion);
    expect([...second.items, ...third.items].map((o) => o.metadata.name)).toEqual([
      'item-3',
      'item-4',
      'item-5',
      'item-6',
      'item-9',
    ]);
    expect(third.continue).toBeUndefined();
  });

  it('fills a filtered page with matching objects only', async () => {
    for (let i = 0; i < 10; i++)
      await store.create(configMaps, configMap(`f-${i}`, 'filtered', { even: String(i % 2 === 0) }));
    const page = await store.list(configMaps, {
      namespace: 'filtered',
      limit: 3,
      predicate: (o) => (o.data as Record<string, string>).even === 'true',
    });
    expect(page.items.map((o) => o.metadata.name)).toEqual(['f-0', 'f-2', 'f-4']);
    const rest = await store.list(configMaps, {
      namespace: 'filtered',
      limit: 10,
      continue: page.continue,
      predicate: (o) => (o.data as Record<string, string>).even === 'true',
    });
    expect(rest.items.map((o) => o.metadata.name)).toEqual(['f-6', 'f-8']);
  });

  it('stores cluster-scoped objects without a namespace', async () => {
    await store.create(nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a' } });
    const listed = await store.list(nodes);
    expect(listed.items.map((o) => o.metadata.name)).toContain('node-a');
  });
});

describe(ChangeFeed.name, () => {
  let redis: TestRedis;
  let store: RedisStore;
  let reader: Redis;
  let feed: ChangeFeed;

  beforeAll(async () => {
    redis = createTestRedis('feed');
    store = new RedisStore(redis.client, { keyPrefix: redis.prefix, changeLogMaxLength: 20 });
    reader = redis.client.duplicate();
    feed = new ChangeFeed(reader, redis.client, store.keys, { blockMs: 100 });
    await feed.start();
  });
  afterAll(async () => {
    await feed.stop();
    await redis.cleanup();
  });

  const collect = () => {
    const events: ChangeEvent[] = [];
    return { events, listener: (e: ChangeEvent) => events.push(e) };
  };
  const waitFor = async (check: () => boolean) => {
    const deadline = Date.now() + 5000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for watch events');
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  it('delivers every change after a resourceVersion in order, with none missing, across a reconnect', async () => {
    const start = await store.currentRevision();
    const first = collect();
    const subscription = await feed.subscribe(start, first.listener);
    const writes = Array.from({ length: 15 }, (_, i) =>
      store.create(configMaps, configMap(`w-${i}`, 'watch')),
    );
    await Promise.all(writes.slice(0, 8));
    await waitFor(() => first.events.length >= 8);
    subscription.close(); // the client disconnects...
    const resumeFrom = first.events[first.events.length - 1].revision;
    await Promise.all(writes);
    const second = collect();
    await feed.subscribe(resumeFrom, second.listener); // ...and resumes from the last revision it saw
    await waitFor(() => first.events.length + second.events.length >= 15);
    const revisions = [...first.events, ...second.events].map((e) => e.revision);
    expect(revisions).toEqual(Array.from({ length: 15 }, (_, i) => start + 1 + i));
    expect(new Set([...first.events, ...second.events].map((e) => e.object.metadata.name)).size).toBe(15);
  });

  it('reports DELETED with the last state and the deletion revision', async () => {
    const created = await store.create(configMaps, configMap('to-delete', 'watch-delete', { keep: 'me' }));
    const seen = collect();
    await feed.subscribe(Number(created.metadata.resourceVersion), seen.listener);
    const deleted = await store.delete(configMaps, 'watch-delete', 'to-delete', undefined);
    await waitFor(() => seen.events.length === 1);
    expect(seen.events[0]).toMatchObject({
      type: 'DELETED',
      revision: Number(deleted.metadata.resourceVersion),
    });
    expect(seen.events[0].object.data).toEqual({ keep: 'me' });
  });

  it('answers 410 Gone for a resourceVersion older than the retained change log', async () => {
    const start = await store.currentRevision();
    for (let i = 0; i < 300; i++) await store.create(configMaps, configMap(`trim-${i}`, 'watch-trim'));
    await expect(feed.subscribe(start, () => undefined)).rejects.toMatchObject({
      code: 410,
      reason: 'Expired',
    });
    const recent = (await store.currentRevision()) - 5;
    const seen = collect();
    await feed.subscribe(recent, seen.listener);
    await waitFor(() => seen.events.length === 5);
    expect(seen.events.map((e) => e.revision)).toEqual([1, 2, 3, 4, 5].map((i) => recent + i));
  });
});

describe('stored JSON with its resourceVersion', () => {
  it('splices the resourceVersion into stored JSON exactly as decoding would place it', () => {
    const stored = JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a' },
      data: { k: '"v"' },
    });
    expect(JSON.parse(withResourceVersion(stored, 42))).toEqual(decodeObject(stored, 42));
    const odd = JSON.stringify({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'b' } });
    expect(JSON.parse(withResourceVersion(odd, 7))).toEqual(decodeObject(odd, 7));
  });
});
