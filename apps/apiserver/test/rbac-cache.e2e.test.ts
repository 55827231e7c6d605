/** The RBAC cache lists at start and follows the change log: a new binding counts within a moment. */
import { ApiError, ResourceCatalog } from '@orchestra/api';
import { ChangeFeed, RedisStore } from '@orchestra/store';
import { startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { RbacAuthorizer } from '../src/authorization/rbac/rbac.authorizer';
import { RbacCache } from '../src/authorization/rbac/rbac-cache';

const catalog = new ResourceCatalog();
const def = (plural: string) => catalog.find('rbac.authorization.k8s.io', 'v1', plural)!;
const rbacApi = 'rbac.authorization.k8s.io/v1';
const carol = { username: 'carol', groups: ['system:authenticated'] };
const listPods = (namespace?: string) => ({
  user: carol,
  verb: 'list',
  resourceRequest: true,
  apiGroup: '',
  resource: 'pods',
  namespace,
});

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - started;
}

describe(RbacCache.name, () => {
  let server: TestApiserver;
  let store: RedisStore;
  let cache: RbacCache;
  let rbac: RbacAuthorizer;

  beforeAll(async () => {
    server = await startTestApiserver('rbac-cache');
    store = server.app.get(RedisStore);
    // A role written before the cache starts is in its first list.
    await store.create(def('clusterroles'), {
      apiVersion: rbacApi,
      kind: 'ClusterRole',
      metadata: { name: 'pod-reader', uid: 'u1', creationTimestamp: new Date().toISOString() },
      rules: [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] }],
    } as never);
    cache = new RbacCache(catalog, { store, feed: server.app.get(ChangeFeed) });
    rbac = new RbacAuthorizer(cache);
    await cache.start();
    await cache.synced();
  });

  afterAll(async () => {
    cache.stop();
    await server.close();
  });

  it('holds what was listed, and follows creates, updates and deletes from the change log', async () => {
    expect(cache.clusterRole('pod-reader')).toBeDefined();
    expect((await rbac.authorize(listPods('a'))).decision).toBe('no-opinion');

    const binding = await store.create(def('rolebindings'), {
      apiVersion: rbacApi,
      kind: 'RoleBinding',
      metadata: { name: 'carol-reads', namespace: 'a', uid: 'u2' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'pod-reader' },
      subjects: [{ kind: 'User', name: 'carol', apiGroup: 'rbac.authorization.k8s.io' }],
    } as never);
    const tookMs = await until(() => rbac.decide(listPods('a')).decision === 'allow', 1000, 'the binding');
    expect(tookMs).toBeLessThan(1000);
    expect(rbac.namespacesAllowing(listPods())).toEqual(new Set(['a']));

    await store.update(
      def('rolebindings'),
      { ...binding, subjects: [{ kind: 'User', name: 'dave' }] } as never,
      binding.metadata.resourceVersion,
    );
    await until(() => rbac.decide(listPods('a')).decision === 'no-opinion', 1000, 'the update');

    await store.create(def('clusterrolebindings'), {
      apiVersion: rbacApi,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'carol-everywhere', uid: 'u3' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'pod-reader' },
      subjects: [{ kind: 'User', name: 'carol' }],
    } as never);
    await until(() => rbac.namespacesAllowing(listPods()) === 'all', 1000, 'the cluster binding');

    await store.delete(def('clusterroles'), undefined, 'pod-reader', undefined);
    await until(() => rbac.decide(listPods('b')).decision === 'no-opinion', 1000, 'the role delete');
  });

  it('lists again when the change log no longer reaches back to its list (410 Gone)', async () => {
    const feed = server.app.get(ChangeFeed);
    let refusals = 0;
    // The log trimmed between the list and the watch, once: the cache lists again and goes on.
    const trimmedOnce = {
      subscribe: (from: number, listener: Parameters<ChangeFeed['subscribe']>[1]) => {
        if (refusals++ === 0) return Promise.reject(ApiError.gone(`too old resource version: ${from}`));
        return feed.subscribe(from, listener);
      },
    } as unknown as ChangeFeed;
    const relisting = new RbacCache(catalog, { store, feed: trimmedOnce }, undefined, 10);
    await relisting.start();
    expect(refusals).toBe(2);
    await store.create(def('clusterroles'), {
      apiVersion: rbacApi,
      kind: 'ClusterRole',
      metadata: { name: 'after-relist', uid: 'u5' },
      rules: [],
    } as never);
    await until(() => relisting.clusterRole('after-relist') !== undefined, 1000, 'the role after the relist');
    relisting.stop();
  });

  it('waitForRevision resolves once the cache has seen a revision', async () => {
    const created = await store.create(def('roles'), {
      apiVersion: rbacApi,
      kind: 'Role',
      metadata: { name: 'r', namespace: 'a', uid: 'u4' },
      rules: [],
    } as never);
    expect(await cache.waitForRevision(Number(created.metadata.resourceVersion))).toBe(true);
    expect(cache.role('a', 'r')).toBeDefined();
  });
});
