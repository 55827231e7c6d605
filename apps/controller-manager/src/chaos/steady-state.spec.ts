import { Deployment, Endpoints, Pod, ReplicaSet, Service } from '@orchestra/api';
import { ObjectCache } from '@orchestra/client';
import { SteadyState } from './steady-state';

const pod = (name: string, terminating = false): Pod =>
  ({
    metadata: {
      namespace: 'demo',
      name,
      uid: `uid-${name}`,
      labels: { app: 'web' },
      ...(terminating ? { deletionTimestamp: '2026-11-24T10:00:00Z' } : {}),
    },
    spec: { nodeName: 'node-1', containers: [] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  }) as unknown as Pod;

describe(SteadyState.name, () => {
  it("counts a Service's ready endpoints by live pods: a leaving pod an Endpoints object still lists is not one", () => {
    const pods = new ObjectCache<Pod>();
    const services = new ObjectCache<Service>();
    const endpoints = new ObjectCache<Endpoints>();
    for (const p of [pod('web-a'), pod('web-b'), pod('web-c', true)]) pods.upsert(p);
    services.upsert({
      metadata: { namespace: 'demo', name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    } as Service);
    const address = (name: string) => ({
      ip: `10.0.0.${name.length}`,
      targetRef: { kind: 'Pod', namespace: 'demo', name, uid: `uid-${name}` },
    });
    // web-c is terminating, web-gone no longer exists: the Endpoints object has not caught up.
    endpoints.upsert({
      metadata: { namespace: 'demo', name: 'web' },
      subsets: [{ addresses: ['web-a', 'web-b', 'web-c', 'web-gone'].map(address), ports: [{ port: 8080 }] }],
    } as Endpoints);
    const steady = new SteadyState({
      pods,
      services,
      endpoints,
      replicaSets: new ObjectCache<ReplicaSet>(),
      deployments: new ObjectCache<Deployment>(),
    });
    const baseline = steady.baseline([pod('web-a')]);
    expect(baseline.services).toEqual([{ key: 'demo/web', readyEndpoints: 2 }]);
    expect(steady.check(baseline)).toMatchObject({ holds: true, showsLoss: false });
    pods.remove('demo/web-b');
    expect(steady.check(baseline)).toMatchObject({
      holds: false,
      showsLoss: true,
      short: ['service demo/web: 1/2 ready endpoints'],
    });
  });
});
