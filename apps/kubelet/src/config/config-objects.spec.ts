import { ApiError } from '@orchestra/api';
import type { ApiClient } from '@orchestra/client';
import { apiConfigSource, readConfigObjects } from './config-objects';

/** An ApiClient whose GETs are counted and answered from `objects` (404 otherwise). */
function fakeApi(objects: Record<string, unknown>, failing = new Set<string>()) {
  const gets: string[] = [];
  const api = {
    resource: (def: { plural: string }) => ({
      get: async (name: string, namespace: string) => {
        const key = `${def.plural}/${namespace}/${name}`;
        gets.push(key);
        if (failing.has(key)) throw new Error('connection refused');
        if (!(key in objects)) throw new ApiError(404, 'NotFound', `${def.plural} "${name}" not found`);
        return objects[key];
      },
    }),
  } as unknown as ApiClient;
  return { api, gets };
}

describe(apiConfigSource.name, () => {
  it('shares one read among the pods of a node for shareMs, a 404 as undefined', async () => {
    const { api, gets } = fakeApi({ 'configmaps/a/site': { data: { x: '1' } } });
    let now = 0;
    const source = apiConfigSource(api, 1_000, () => now);
    expect(await source.configMap('a', 'site')).toEqual({ data: { x: '1' } });
    expect(await source.configMap('a', 'site')).toEqual({ data: { x: '1' } });
    expect(await source.secret('a', 'site')).toBeUndefined();
    expect(gets).toEqual(['configmaps/a/site', 'secrets/a/site']);
    now = 1_000;
    await source.configMap('a', 'site');
    expect(gets).toHaveLength(3);
  });

  it('does not share a failed read', async () => {
    const failing = new Set(['secrets/a/db']);
    const { api, gets } = fakeApi({ 'secrets/a/db': { data: {} } }, failing);
    const source = apiConfigSource(api, 1_000, () => 0);
    await expect(source.secret('a', 'db')).rejects.toThrow('connection refused');
    failing.clear();
    expect(await source.secret('a', 'db')).toEqual({ data: {} });
    expect(gets).toEqual(['secrets/a/db', 'secrets/a/db']);
  });
});

describe(readConfigObjects.name, () => {
  const pod = {
    metadata: { name: 'p', namespace: 'a' },
    spec: {
      containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'db' } }] }],
      volumes: [{ name: 'v', configMap: { name: 'site' } }],
    },
  };

  it('reads every referenced object, keeps the last read when the apiserver cannot answer', async () => {
    const failing = new Set<string>();
    const { api } = fakeApi({ 'configmaps/a/site': { data: { x: '1' } } }, failing);
    const source = apiConfigSource(api);
    const first = await readConfigObjects(source, pod, undefined, 5);
    expect(first.configMaps.get('site')).toEqual({ data: { x: '1' } });
    expect(first.secrets.get('db')).toBeNull();
    expect(first.readAt).toBe(5);
    failing.add('configmaps/a/site');
    const second = await readConfigObjects(source, pod, first, 10);
    expect(second.configMaps.get('site')).toEqual({ data: { x: '1' } });
    // Nothing to fall back on: the sync fails (and is retried).
    await expect(readConfigObjects(source, pod, undefined, 15)).rejects.toThrow('connection refused');
  });
});
