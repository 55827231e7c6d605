import { DaemonSet, Deployment, Endpoints, Job, Pod, ReplicaSet, Service } from '@orchestra/api';
import { ObjectCache } from '@orchestra/client';
import { ReplicatedWorkload, SteadyState } from './steady-state';

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

describe(`${SteadyState.name} of StatefulSets, DaemonSets and Jobs`, () => {
  const controlled = (name: string, kind: string, ownerUid: string, phase = 'Running', ready = true): Pod =>
    ({
      metadata: {
        namespace: 'demo',
        name,
        uid: `uid-${name}`,
        ownerReferences: [{ apiVersion: 'apps/v1', kind, name: ownerUid, uid: ownerUid, controller: true }],
      },
      spec: { nodeName: 'node-1', containers: [] },
      status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    }) as unknown as Pod;

  function setUp() {
    const pods = new ObjectCache<Pod>();
    const daemonSets = new ObjectCache<DaemonSet>();
    const jobs = new ObjectCache<Job>();
    const statefulSets = new ObjectCache<ReplicatedWorkload>();
    const steady = new SteadyState({
      pods,
      services: new ObjectCache<Service>(),
      endpoints: new ObjectCache<Endpoints>(),
      replicaSets: new ObjectCache<ReplicaSet>(),
      deployments: new ObjectCache<Deployment>(),
      daemonSets,
      jobs,
      statefulSets,
    });
    return { pods, daemonSets, jobs, statefulSets, steady };
  }

  it('holds a DaemonSet to a ready pod on each node that should run one, reported and counted', () => {
    const { pods, daemonSets, steady } = setUp();
    const status = (ready: number) => ({
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      numberReady: ready,
      numberMisscheduled: 0,
    });
    const ds = { metadata: { namespace: 'demo', name: 'agent', uid: 'agent' }, status: status(2) };
    daemonSets.upsert(ds as DaemonSet);
    for (const name of ['agent-a', 'agent-b']) pods.upsert(controlled(name, 'DaemonSet', 'agent'));
    const baseline = steady.baseline([pods.get('demo/agent-a')!]);
    expect(baseline).toMatchObject({ daemonSets: ['demo/agent'], deployments: [], jobs: [] });
    expect(steady.check(baseline)).toEqual({ showsLoss: false, holds: true, short: [] });
    // Killed: the pod is gone from the cache before the controller reports it.
    pods.remove('demo/agent-a');
    expect(steady.check(baseline)).toEqual({
      showsLoss: false,
      holds: false,
      short: ['daemonset demo/agent: 1/2 ready'],
    });
    daemonSets.upsert({ ...ds, status: status(1) } as DaemonSet);
    expect(steady.check(baseline)).toMatchObject({ showsLoss: true, holds: false });
    // The replacement is Ready, but the status still says 1: not yet.
    pods.upsert(controlled('agent-c', 'DaemonSet', 'agent'));
    expect(steady.check(baseline)).toMatchObject({ holds: false });
    daemonSets.upsert({ ...ds, status: status(2) } as DaemonSet);
    expect(steady.check(baseline)).toEqual({ showsLoss: false, holds: true, short: [] });
  });

  it('holds a Job to its active and succeeded pods before the run, or to its completion', () => {
    const { pods, jobs, steady } = setUp();
    const job = (active: number, succeeded: number, complete = false) =>
      ({
        metadata: { namespace: 'demo', name: 'report', uid: 'report' },
        status: {
          active,
          succeeded,
          ...(complete ? { conditions: [{ type: 'Complete', status: 'True' }] } : {}),
        },
      }) as Job;
    jobs.upsert(job(2, 1));
    pods.upsert(controlled('report-a', 'Job', 'report'));
    pods.upsert(controlled('report-b', 'Job', 'report'));
    pods.upsert(controlled('report-done', 'Job', 'report', 'Succeeded', false));
    const baseline = steady.baseline([pods.get('demo/report-a')!]);
    expect(baseline.jobs).toEqual([{ key: 'demo/report', activeAndSucceeded: 3 }]);
    expect(steady.check(baseline).holds).toBe(true);
    pods.remove('demo/report-a');
    jobs.upsert(job(1, 1));
    expect(steady.check(baseline)).toEqual({
      showsLoss: true,
      holds: false,
      short: ['job demo/report: 2/3 active or succeeded'],
    });
    // The controller made a replacement, and reports it.
    pods.upsert(controlled('report-c', 'Job', 'report', 'Pending', false));
    jobs.upsert(job(2, 1));
    expect(steady.check(baseline)).toEqual({ showsLoss: false, holds: true, short: [] });
    // Finished meanwhile with fewer pods to count: complete is recovered.
    for (const name of ['report-b', 'report-c']) pods.remove(`demo/${name}`);
    jobs.upsert(job(0, 1, true));
    expect(steady.check(baseline).holds).toBe(true);
  });

  it('holds a StatefulSet to its desired replicas ready', () => {
    const { pods, statefulSets, steady } = setUp();
    const set = (ready: number) =>
      ({
        metadata: { namespace: 'demo', name: 'db', uid: 'db' },
        spec: { replicas: 2 },
        status: { readyReplicas: ready },
      }) as ReplicatedWorkload;
    statefulSets.upsert(set(2));
    pods.upsert(controlled('db-0', 'StatefulSet', 'db'));
    pods.upsert(controlled('db-1', 'StatefulSet', 'db', 'Running', false));
    const baseline = steady.baseline([pods.get('demo/db-0')!]);
    expect(baseline.statefulSets).toEqual(['demo/db']);
    // The status says 2, but db-1 is not Ready in the cache.
    expect(steady.check(baseline)).toEqual({
      showsLoss: false,
      holds: false,
      short: ['statefulset demo/db: 1/2 ready'],
    });
    pods.upsert(controlled('db-1', 'StatefulSet', 'db'));
    expect(steady.check(baseline).holds).toBe(true);
  });
});
