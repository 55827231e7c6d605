import { ApiError, Endpoints, Pod, Service } from '@orchestra/api';
import { Lister, objectKey } from '@orchestra/client';
import { podsOfNamespaceKey } from '@orchestra/queues';
import { EndpointsApi } from './endpoints-api.port';
import { EndpointsReconciler, leaderAnnotation } from './endpoints.reconciler';

type Obj = Service | Endpoints | Pod;
const endpointsResource = { group: '', resource: 'endpoints' };

/** A map behind the Lister interface: the informer cache the reconciler reads. */
function lister<T extends Obj>(items: Map<string, T>): Lister<T> {
  return {
    get: (key) => items.get(key),
    list: (ns) => [...items.values()].filter((o) => ns === undefined || o.metadata.namespace === ns),
    byIndex: () => [],
    keys: () => [...items.keys()],
  };
}

/** The apiserver, in memory: writes land in the same maps the listers read. */
class FakeEndpointsApi implements EndpointsApi {
  readonly calls: string[] = [];
  constructor(private readonly store: Map<string, Endpoints>) {}
  async create(e: Endpoints) {
    this.calls.push(`create ${objectKey(e)}`);
    if (this.store.has(objectKey(e))) throw ApiError.alreadyExists(endpointsResource, e.metadata.name ?? '');
    const stored = { ...e, metadata: { ...e.metadata, resourceVersion: '1' } };
    this.store.set(objectKey(e), stored);
    return stored;
  }
  async update(e: Endpoints) {
    this.calls.push(`update ${objectKey(e)}`);
    this.store.set(objectKey(e), e);
    return e;
  }
  async delete(namespace: string, name: string) {
    this.calls.push(`delete ${namespace}/${name}`);
    if (!this.store.delete(`${namespace}/${name}`)) throw ApiError.notFound(endpointsResource, name);
  }
}

/** `selector: null` makes a service without a selector. */
const service = (name: string, ns = 'default', selector: Record<string, string> | null = { app: name }) =>
  ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec: { selector: selector ?? undefined, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] },
  }) as Service;

const pod = (name: string, app: string): Pod => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app } },
  spec: { containers: [{ name: 'c' }] },
  status: { phase: 'Running', podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: 'True' }] },
});

function setup() {
  const services = new Map<string, Service>();
  const endpoints = new Map<string, Endpoints>();
  const pods = new Map<string, Pod>();
  const api = new FakeEndpointsApi(endpoints);
  const enqueued: string[] = [];
  const reconciler = new EndpointsReconciler({
    services: lister(services),
    endpoints: lister(endpoints),
    pods: lister(pods),
    api,
    enqueue: async (keys) => void enqueued.push(...keys),
  });
  const put = <T extends Obj>(map: Map<string, T>, o: T) => map.set(objectKey(o), o);
  return { services, endpoints, pods, api, enqueued, reconciler, put };
}

describe(EndpointsReconciler.name, () => {
  it('creates the Endpoints of a service, then writes nothing while nothing changes', async () => {
    const t = setup();
    t.put(t.services, service('web'));
    t.put(t.pods, pod('web-1', 'web'));
    await t.reconciler.reconcile('default/web');
    await t.reconciler.reconcile('default/web');
    expect(t.api.calls).toEqual(['create default/web']);
    expect(t.endpoints.get('default/web')?.subsets?.[0].addresses?.[0].targetRef?.name).toBe('web-1');
  });

  it('fans a namespace pod key out to the services of that namespace that have a selector', async () => {
    const t = setup();
    t.put(t.services, service('web'));
    t.put(t.services, service('api'));
    t.put(t.services, service('external', 'default', null));
    t.put(t.services, service('web', 'other'));
    await t.reconciler.reconcile(podsOfNamespaceKey('default'));
    expect(t.enqueued.sort()).toEqual(['default/api', 'default/web']);
    expect(t.api.calls).toEqual([]);
  });

  it('deletes the Endpoints of a deleted service, and takes an already deleted one calmly', async () => {
    const t = setup();
    t.put(t.endpoints, { metadata: { name: 'web', namespace: 'default' }, subsets: [] });
    await t.reconciler.reconcile('default/web');
    await t.reconciler.reconcile('default/web');
    expect(t.api.calls).toEqual(['delete default/web', 'delete default/web']);
    expect(t.endpoints.size).toBe(0);
  });

  it('never deletes an Endpoints used as a leader-election lock', async () => {
    const t = setup();
    const annotations = { [leaderAnnotation]: '{"holderIdentity":"a"}' };
    t.put(t.endpoints, { metadata: { name: 'lock', namespace: 'kube-system', annotations } });
    await t.reconciler.reconcile('kube-system/lock');
    expect(t.api.calls).toEqual([]);
  });

  it('lets AlreadyExists (a cache behind) fail the reconcile so it is retried', async () => {
    const t = setup();
    t.put(t.services, service('web'));
    const staleCache = new EndpointsReconciler({
      services: lister(t.services),
      endpoints: lister(new Map()),
      pods: lister(t.pods),
      api: t.api,
      enqueue: async () => undefined,
    });
    t.put(t.endpoints, { metadata: { name: 'web', namespace: 'default' } });
    await expect(staleCache.reconcile('default/web')).rejects.toMatchObject({ reason: 'AlreadyExists' });
  });
});
