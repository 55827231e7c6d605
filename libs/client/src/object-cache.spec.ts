import { Pod } from '@orchestra/api';
import { ObjectCache } from './object-cache';

const pod = (
  name: string,
  nodeName: string,
  labels: Record<string, string>,
  owner?: string,
  namespace = 'default',
): Pod => ({
  metadata: {
    name,
    namespace,
    labels,
    ownerReferences: owner
      ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: owner }]
      : undefined,
  },
  spec: { nodeName, containers: [] },
});

const names = (pods: Pod[]) => pods.map((p) => p.metadata.name).sort();

describe(ObjectCache.name, () => {
  it('indexes by namespace, nodeName, owner uid and label, and keeps the indexes right on update and delete', () => {
    const cache = new ObjectCache<Pod>();
    cache.upsert(pod('a', 'node-1', { app: 'web', tier: 'front' }, 'rs-1'));
    cache.upsert(pod('b', 'node-1', { app: 'web' }, 'rs-1'));
    cache.upsert(pod('c', '', { app: 'db' }, undefined, 'other'));

    expect(names(cache.byIndex('nodeName', 'node-1'))).toEqual(['a', 'b']);
    expect(names(cache.byIndex('ownerUid', 'rs-1'))).toEqual(['a', 'b']);
    expect(names(cache.byIndex('label', 'app=web'))).toEqual(['a', 'b']);
    expect(names(cache.list('other'))).toEqual(['c']);
    expect(cache.byIndex('nodeName', '')).toEqual([]);

    // b moves node, loses its owner and changes label: every old index entry goes.
    const previous = cache.upsert(pod('b', 'node-2', { app: 'api' }));
    expect(previous?.spec.nodeName).toBe('node-1');
    expect(names(cache.byIndex('nodeName', 'node-1'))).toEqual(['a']);
    expect(names(cache.byIndex('nodeName', 'node-2'))).toEqual(['b']);
    expect(names(cache.byIndex('ownerUid', 'rs-1'))).toEqual(['a']);
    expect(names(cache.byIndex('label', 'app=web'))).toEqual(['a']);
    expect(names(cache.byIndex('label', 'app=api'))).toEqual(['b']);

    expect(cache.remove('default/a')?.metadata.name).toBe('a');
    expect(cache.remove('default/a')).toBeUndefined();
    expect(cache.byIndex('label', 'tier=front')).toEqual([]);
    expect(cache.byIndex('ownerUid', 'rs-1')).toEqual([]);
    expect(cache.keys().sort()).toEqual(['default/b', 'other/c']);
    expect(cache.get('other/c')?.metadata.name).toBe('c');
    expect(cache.size).toBe(2);
  });
});
