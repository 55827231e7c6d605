/** Informers against a real apiserver: convergence, indexes, resumption, relist after 410 Gone. */
import { builtinResources, ConfigMap, Pod, ResourceDefinition } from '@orchestra/api';
import { createLogger } from '@orchestra/observability';
import { Registry } from 'prom-client';
import { startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { ApiClient } from '../src/api-client';
import { Informer } from '../src/informer';
import { objectKey } from '../src/lister';
import { SharedInformerFactory } from '../src/shared-informer-factory';
import { eventually } from './support/eventually';
import { startTcpProxy } from './support/tcp-proxy';

const def = (kind: string): ResourceDefinition => builtinResources.find((d) => d.kind === kind)!;
const logger = createLogger({ component: 'informer-test', level: 'error' });
const fast = { backoff: { initialMs: 20, maxMs: 200 }, logger };

const pod = (name: string, labels: Record<string, string> = {}, ownerUid?: string): Pod => ({
  metadata: {
    name,
    namespace: 'default',
    labels,
    ownerReferences: ownerUid
      ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: ownerUid, controller: true }]
      : undefined,
  },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
});

/** Records what handlers were told, and checks it against the cache. */
function recorder<T extends { metadata: { name?: string; namespace?: string } }>() {
  const log: string[] = [];
  const view = new Map<string, T>();
  return {
    log,
    view,
    handler: {
      onAdd: (o: T) => {
        log.push(`add ${o.metadata.name}`);
        view.set(objectKey(o), o);
      },
      onUpdate: (_old: T, o: T) => {
        log.push(`update ${o.metadata.name}`);
        view.set(objectKey(o), o);
      },
      onDelete: (o: T) => {
        log.push(`delete ${o.metadata.name}`);
        view.delete(objectKey(o));
      },
    },
  };
}

const names = (objects: { metadata: { name?: string } }[]) => objects.map((o) => o.metadata.name).sort();

describe(Informer.name, () => {
  let api: TestApiserver;
  let client: ApiClient;

  beforeAll(async () => {
    api = await startTestApiserver('informer');
    client = new ApiClient({ baseUrl: api.url, userAgent: 'informer-test', token: api.token });
  });
  afterAll(() => api.close());

  it('converges on adds, updates and deletes, keeps indexes right, and tells handlers in order', async () => {
    const pods = client.resource<Pod>(def('Pod'));
    await pods.create(pod('before', { app: 'web' }, 'rs-1'));
    const informer = new Informer(pods, fast);
    const seen = recorder<Pod>();
    informer.addEventHandler(seen.handler);
    informer.start();
    try {
      await informer.waitForSync(5000);
      expect(informer.hasSynced()).toBe(true);
      expect(seen.log).toEqual(['add before']);

      await pods.create(pod('p1', { app: 'web' }, 'rs-1'));
      await pods.create(pod('p2', { app: 'db' }, 'rs-2'));
      await client.bind('default', 'p1', 'node-a');
      await pods.patch(
        'p2',
        'default',
        { metadata: { labels: { app: 'web' }, ownerReferences: null } },
        'merge',
      );
      await pods.delete('before', 'default', { gracePeriodSeconds: 0 });

      const truth = (await pods.list()).items;
      await eventually(() => {
        expect(names(informer.lister.list())).toEqual(names(truth));
        expect(informer.lister.get('default/p2')?.metadata.resourceVersion).toBe(
          truth.find((p) => p.metadata.name === 'p2')!.metadata.resourceVersion,
        );
      });
      expect(names(informer.lister.byIndex('nodeName', 'node-a'))).toEqual(['p1']);
      expect(names(informer.lister.byIndex('ownerUid', 'rs-1'))).toEqual(['p1']);
      expect(informer.lister.byIndex('ownerUid', 'rs-2')).toEqual([]);
      expect(names(informer.lister.byIndex('label', 'app=web'))).toEqual(['p1', 'p2']);
      expect(informer.lister.byIndex('label', 'app=db')).toEqual([]);
      expect(seen.log).toEqual(['add before', 'add p1', 'add p2', 'update p1', 'update p2', 'delete before']);

      // A late handler first hears of everything already cached.
      const late = recorder<Pod>();
      informer.addEventHandler(late.handler);
      expect(late.log.sort()).toEqual(['add p1', 'add p2']);
    } finally {
      await informer.stop();
    }
  });

  it('watches only what the field selector matches (the scheduler’s unscheduled pods)', async () => {
    const pods = client.resource<Pod>(def('Pod'));
    const informer = new Informer(pods, { ...fast, fieldSelector: 'spec.nodeName=' });
    const seen = recorder<Pod>();
    informer.addEventHandler(seen.handler);
    informer.start();
    try {
      await informer.waitForSync(5000);
      expect(names(informer.lister.list())).toEqual(['p2']);
      await pods.create(pod('pending'));
      await eventually(() => expect(informer.lister.get('default/pending')).toBeDefined());
      await client.bind('default', 'pending', 'node-b');
      // Bound, the pod leaves the selector: a DELETED event for this view.
      await eventually(() => expect(informer.lister.get('default/pending')).toBeUndefined());
      expect(seen.log).toEqual(['add p2', 'add pending', 'delete pending']);
    } finally {
      await informer.stop();
    }
  });

  it('resumes after the server ends each watch, without losing or repeating events', async () => {
    const registry = new Registry();
    const counted = new ApiClient({
      baseUrl: api.url,
      userAgent: 'informer-test',
      registry,
      token: api.token,
    });
    const configmaps = counted.resource<ConfigMap>(def('ConfigMap'));
    const informer = new Informer(configmaps, { ...fast, namespace: 'default', watchTimeoutSeconds: 1 });
    const seen = recorder<ConfigMap>();
    informer.addEventHandler(seen.handler);
    informer.start();
    try {
      await informer.waitForSync(5000);
      const writer = client.resource<ConfigMap>(def('ConfigMap'));
      for (let i = 0; i < 6; i++) {
        await writer.create({ metadata: { name: `r${i}`, namespace: 'default' } });
        await new Promise((r) => setTimeout(r, 450)); // spans several 1 s watches
      }
      const expected = [0, 1, 2, 3, 4, 5].map((i) => `r${i}`);
      await eventually(() => expect(names(informer.lister.list())).toEqual(expected));
      expect(seen.log).toEqual(expected.map((name) => `add ${name}`));
      const metric = await registry.getSingleMetric('rest_client_requests_total')!.get();
      const gets = metric.values.filter((v) => v.labels.method === 'GET').reduce((n, v) => n + v.value, 0);
      expect(gets).toBeGreaterThanOrEqual(3); // one list, then at least two watches
    } finally {
      await informer.stop();
    }
  });

  it('relists after 410 Gone and tells handlers what changed, deletions included', async () => {
    const small = await startTestApiserver('informer-gone', { CHANGE_LOG_MAX_LENGTH: '100' });
    const proxy = await startTcpProxy(small.url);
    try {
      const writer = new ApiClient({
        baseUrl: small.url,
        userAgent: 'writer',
        token: small.token,
      }).resource<ConfigMap>(def('ConfigMap'));
      for (const name of ['keep', 'change', 'remove'])
        await writer.create({ metadata: { name, namespace: 'default' }, data: { v: '0' } });
      const informer = new Informer(
        new ApiClient({
          baseUrl: proxy.url,
          userAgent: 'informer',
          maxRetries: 0,
          token: small.token,
        }).resource<ConfigMap>(def('ConfigMap')),
        fast,
      );
      const seen = recorder<ConfigMap>();
      informer.addEventHandler(seen.handler);
      informer.start();
      try {
        await informer.waitForSync(5000);
        const staleVersion = informer.resourceVersion;
        proxy.cut(); // the informer is now partitioned from the apiserver
        await writer.patch('change', 'default', { data: { v: '1' } }, 'merge');
        await writer.delete('remove', 'default');
        for (let i = 0; i < 310; i++)
          await writer.create({ metadata: { name: `n${i}`, namespace: 'default' } });
        for (let i = 0; i < 300; i++) await writer.delete(`n${i}`, 'default');
        proxy.restore();

        const truth = (await writer.list()).items;
        await eventually(() => {
          expect(names(informer.lister.list())).toEqual(names(truth));
          expect(informer.lister.get('default/change')?.data).toEqual({ v: '1' });
        }, 10_000);
        expect(Number(informer.resourceVersion)).toBeGreaterThan(Number(staleVersion));
        expect(seen.log).toContain('delete remove');
        expect(seen.log).toContain('update change');
        // Objects born and gone during the partition were never seen, so never deleted either.
        expect(seen.log.filter((l) => l.startsWith('delete'))).toEqual(['delete remove']);
        expect(names([...seen.view.values()])).toEqual(names(truth));
      } finally {
        await informer.stop();
      }
    } finally {
      await proxy.close();
      await small.close();
    }
  });
});

describe(SharedInformerFactory.name, () => {
  let api: TestApiserver;
  beforeAll(async () => {
    api = await startTestApiserver('factory', { WATCH_BOOKMARK_INTERVAL_MS: '100' });
  });
  afterAll(() => api.close());

  it('shares one informer per resource and selectors, and syncs them all', async () => {
    const factory = new SharedInformerFactory(
      new ApiClient({ baseUrl: api.url, userAgent: 'f', token: api.token }),
      fast,
    );
    const pods = factory.informerFor<Pod>(def('Pod'));
    expect(factory.informerFor<Pod>(def('Pod'))).toBe(pods);
    const unscheduled = factory.informerFor<Pod>(def('Pod'), { fieldSelector: 'spec.nodeName=' });
    expect(unscheduled).not.toBe(pods);
    factory.start();
    const nodes = factory.informerFor(def('Node')); // created after start: starts at once
    try {
      await factory.waitForSync(5000);
      expect([pods, unscheduled, nodes].every((i) => i.hasSynced())).toBe(true);
      expect(nodes.lister.list()).toEqual([]);
    } finally {
      await factory.stop();
    }
  });

  it('moves its resourceVersion forward on bookmarks while nothing it watches changes', async () => {
    const client = new ApiClient({ baseUrl: api.url, userAgent: 'f', token: api.token });
    const informer = new Informer(client.resource<ConfigMap>(def('ConfigMap')), {
      ...fast,
      namespace: 'kube-public',
    });
    const seen = recorder<ConfigMap>();
    informer.addEventHandler(seen.handler);
    informer.start();
    try {
      await informer.waitForSync(5000);
      const listed = Number(informer.resourceVersion);
      await client
        .resource<ConfigMap>(def('ConfigMap'))
        .create({ metadata: { name: 'elsewhere', namespace: 'default' } });
      await eventually(() => expect(Number(informer.resourceVersion)).toBeGreaterThan(listed));
      expect(seen.log).toEqual([]);
    } finally {
      await informer.stop();
    }
  });
});
