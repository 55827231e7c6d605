import type { Service } from '@orchestra/api';
import type { EventRecorder, Lister, ResourceClient } from '@orchestra/client';
import { InMemoryCloudState } from '../cloud/cloud-state';
import { parseIpRange } from '../cloud/ip-pool';
import { SimulatedCloud } from '../cloud/simulated-cloud';
import {
  LOAD_BALANCER_CLEANUP_FINALIZER,
  ServiceLoadBalancerReconciler,
} from './service-load-balancer.reconciler';

/** An apiserver of one kind, in memory: what the reconciler writes is what its lister reads next. */
function fakeServices(initial: Service[]) {
  const store = new Map(initial.map((s) => [`${s.metadata.namespace}/${s.metadata.name}`, s]));
  const put = (s: Service) => {
    store.set(`${s.metadata.namespace}/${s.metadata.name}`, structuredClone(s));
    return Promise.resolve(s);
  };
  const lister = {
    get: (key: string) => store.get(key),
    list: () => [...store.values()],
  } as unknown as Lister<Service>;
  const api = { update: put, updateStatus: put } as unknown as ResourceClient<Service>;
  return { store, lister, api };
}

const service = (type: Service['spec']['type'], extra: Partial<Service['metadata']> = {}): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { namespace: 'default', name: 'web', uid: '0f0e-1d2c', ...extra },
  spec: { type, ports: [{ port: 80 }] },
});

describe(ServiceLoadBalancerReconciler.name, () => {
  let cloud: SimulatedCloud;
  let events: string[];
  const recorder = {
    normal: (_o: unknown, reason: string) => void events.push(reason),
    warning: (_o: unknown, reason: string) => void events.push(reason),
  } as unknown as EventRecorder;

  beforeEach(() => {
    events = [];
    cloud = new SimulatedCloud({
      state: new InMemoryCloudState(),
      region: 'r',
      zones: ['z'],
      instanceType: 't',
      capacity: { cpu: '2', memory: '4Gi', pods: '110' },
      nodeGroup: { name: 'pool', minSize: 0, maxSize: 1, nodeNamePrefix: 'pool-node' },
      loadBalancerIps: parseIpRange('127.0.100.0/30'),
    });
  });

  it('gives a LoadBalancer Service the finalizer and an address, once', async () => {
    const { store, lister, api } = fakeServices([service('LoadBalancer')]);
    const reconciler = new ServiceLoadBalancerReconciler(lister, api, cloud, recorder);
    await reconciler.reconcile('default/web');
    await reconciler.reconcile('default/web');
    const svc = store.get('default/web')!;
    expect(svc.metadata.finalizers).toEqual([LOAD_BALANCER_CLEANUP_FINALIZER]);
    expect(svc.status?.loadBalancer?.ingress).toEqual([{ ip: '127.0.100.1', ipMode: 'VIP' }]);
    expect(events).toEqual(['EnsuringLoadBalancer', 'EnsuredLoadBalancer']);
    expect(await cloud.loadBalancers.list()).toHaveLength(1);
  });

  it('releases the address when the type changes away from LoadBalancer', async () => {
    const { store, lister, api } = fakeServices([service('LoadBalancer')]);
    const reconciler = new ServiceLoadBalancerReconciler(lister, api, cloud, recorder);
    await reconciler.reconcile('default/web');
    store.set('default/web', {
      ...store.get('default/web')!,
      spec: { type: 'ClusterIP', ports: [{ port: 80 }] },
    });
    await reconciler.reconcile('default/web');
    const svc = store.get('default/web')!;
    expect(svc.metadata.finalizers).toBeUndefined();
    expect(svc.status?.loadBalancer).toEqual({});
    expect(await cloud.loadBalancers.list()).toEqual([]);
    expect(events.slice(2)).toEqual(['DeletingLoadBalancer', 'DeletedLoadBalancer']);
  });

  it('deletes the load balancer of a Service being deleted, then lets it go; its address is handed out again', async () => {
    const { store, lister, api } = fakeServices([service('LoadBalancer')]);
    const reconciler = new ServiceLoadBalancerReconciler(lister, api, cloud, recorder);
    await reconciler.reconcile('default/web');
    const svc = store.get('default/web')!;
    store.set('default/web', {
      ...svc,
      metadata: { ...svc.metadata, deletionTimestamp: '2026-11-24T00:00:00Z' },
    });
    await reconciler.reconcile('default/web');
    expect(store.get('default/web')!.metadata.finalizers).toBeUndefined();
    expect(await cloud.loadBalancers.list()).toEqual([]);
    expect((await cloud.loadBalancers.ensure('other', 'default/other')).ip).toBe('127.0.100.1');
  });

  it('says why when the pool is exhausted, and retries', async () => {
    const { lister, api } = fakeServices([
      service('LoadBalancer'),
      service('LoadBalancer', { name: 'b', uid: 'b' }),
      service('LoadBalancer', { name: 'c', uid: 'c' }),
    ]);
    const reconciler = new ServiceLoadBalancerReconciler(lister, api, cloud, recorder);
    await reconciler.reconcile('default/web');
    await reconciler.reconcile('default/b');
    await expect(reconciler.reconcile('default/c')).rejects.toThrow(/no free load balancer address/);
    expect(events.at(-1)).toBe('SyncLoadBalancerFailed');
  });
});
