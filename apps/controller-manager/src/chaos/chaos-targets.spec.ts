import { ChaosExperiment, ChaosWorkloadKind, Job, Pod, ReplicaSet } from '@orchestra/api';
import { ObjectCache } from '@orchestra/client';
import { candidatePods, pickAtRandom, selectTargets, targetCount } from './chaos-targets';
import { WorkloadOwners } from './workload-owners';

const pod = (
  namespace: string,
  name: string,
  labels: Record<string, string> = { app: 'web' },
  extra: Partial<Pod> = {},
) =>
  ({
    metadata: { namespace, name, labels, uid: `${namespace}-${name}` },
    spec: { nodeName: 'node-1', containers: [] },
    status: { phase: 'Running' },
    ...extra,
  }) as unknown as Pod;

const experiment = (spec: Partial<ChaosExperiment['spec']>, namespace = 'demo'): ChaosExperiment => ({
  metadata: { namespace, name: 'x' },
  spec: { action: 'pod-kill', ...spec },
});

const names = (pods: Pod[]) => pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);

describe(candidatePods.name, () => {
  const pods = [
    pod('demo', 'web-b'),
    pod('demo', 'web-a'),
    pod('demo', 'db-1', { app: 'db' }),
    pod('other', 'web-c'),
    pod('kube-system', 'coredns-1', { app: 'web' }),
    pod(
      'demo',
      'web-gone',
      { app: 'web' },
      {
        metadata: {
          namespace: 'demo',
          name: 'web-gone',
          labels: { app: 'web' },
          deletionTimestamp: '2026-01-01T00:00:00Z',
        },
      },
    ),
    pod('demo', 'web-pending', { app: 'web' }, { status: { phase: 'Pending' } }),
    pod('demo', 'web-elsewhere', { app: 'web' }, { spec: { nodeName: 'node-2', containers: [] } }),
  ];

  it("takes live pods of the experiment's namespace matching the labels, in a stable order", () => {
    expect(names(candidatePods(experiment({ selector: { labelSelector: 'app=web' } }), pods))).toEqual([
      'demo/web-a',
      'demo/web-b',
      'demo/web-elsewhere',
    ]);
    expect(
      names(candidatePods(experiment({ selector: { labelSelector: { matchLabels: { app: 'db' } } } }), pods)),
    ).toEqual(['demo/db-1']);
  });

  it('narrows by names, nodes and namespaces', () => {
    expect(names(candidatePods(experiment({ selector: { names: ['web-b', 'db-1'] } }), pods))).toEqual([
      'demo/db-1',
      'demo/web-b',
    ]);
    expect(names(candidatePods(experiment({ selector: { nodes: ['node-2'] } }), pods))).toEqual([
      'demo/web-elsewhere',
    ]);
    expect(
      names(
        candidatePods(experiment({ selector: { namespaces: ['other', 'demo'], names: ['web-c'] } }), pods),
      ),
    ).toEqual(['other/web-c']);
  });

  it('never reaches kube-system unless its pods are named with it', () => {
    expect(names(candidatePods(experiment({ selector: { namespaces: ['kube-system'] } }), pods))).toEqual([]);
    expect(names(candidatePods(experiment({}, 'kube-system'), pods))).toEqual([]);
    expect(
      names(
        candidatePods(experiment({ selector: { namespaces: ['kube-system'], names: ['coredns-1'] } }), pods),
      ),
    ).toEqual(['kube-system/coredns-1']);
  });
});

describe(targetCount.name, () => {
  it.each([
    ['one', undefined, 5, 1],
    ['one', undefined, 0, 0],
    ['all', undefined, 5, 5],
    ['fixed', 2, 5, 2],
    ['fixed', 9, 5, 5],
    ['fixed-percent', 50, 5, 2],
    ['fixed-percent', 10, 5, 1],
    ['fixed-percent', 100, 5, 5],
    ['fixed-percent', 50, 0, 0],
  ])('%s %s of %d → %d', (mode, value, available, expected) =>
    expect(targetCount(mode, value, available)).toBe(expected),
  );
});

describe(pickAtRandom.name, () => {
  it('picks distinct candidates, as many as asked', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let round = 0; round < 50; round++) {
      const picked = pickAtRandom(['a', 'b', 'c', 'd', 'e'], 3, random);
      expect(new Set(picked).size).toBe(3);
    }
  });

  it('reaches every candidate', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5; i++) seen.add(pickAtRandom(['a', 'b', 'c', 'd', 'e'], 1, () => i / 5)[0]);
    expect(seen).toEqual(new Set(['a', 'b', 'c', 'd', 'e']));
  });
});

describe(selectTargets.name, () => {
  it('applies the mode to the candidates', () => {
    const pods = ['1', '2', '3', '4'].map((n) => pod('demo', `web-${n}`));
    expect(selectTargets(experiment({ mode: 'fixed', value: 3 }), pods).targets).toHaveLength(3);
    const { candidates, targets } = selectTargets(experiment({ mode: 'all' }), pods);
    expect(names(targets).sort()).toEqual(names(candidates));
  });
});

describe('candidatePods with spec.selector.workload', () => {
  const owned = (name: string, kind: string, owner: string, uid = `${owner}-uid`) =>
    pod(
      'demo',
      name,
      { app: name.split('-')[0] },
      {
        metadata: {
          namespace: 'demo',
          name,
          uid: name,
          labels: { app: name.split('-')[0] },
          ownerReferences: [{ apiVersion: 'apps/v1', kind, name: owner, uid, controller: true }],
        },
      },
    );
  const replicaSets = new ObjectCache<ReplicaSet>();
  replicaSets.upsert({
    metadata: {
      namespace: 'demo',
      name: 'web-5d8f',
      uid: 'web-5d8f-uid',
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'web-uid', controller: true },
      ],
    },
  } as ReplicaSet);
  const jobs = new ObjectCache<Job>();
  jobs.upsert({
    metadata: {
      namespace: 'demo',
      name: 'tick-29000000',
      uid: 'tick-29000000-uid',
      ownerReferences: [
        { apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: 'tick-uid', controller: true },
      ],
    },
  } as Job);
  const owners = new WorkloadOwners({ replicaSets, jobs });
  const pods = [
    owned('agent-a', 'DaemonSet', 'node-agent'),
    owned('agent-b', 'DaemonSet', 'node-agent'),
    owned('other-a', 'DaemonSet', 'other-agent'),
    owned('web-1', 'ReplicaSet', 'web-5d8f'),
    owned('report-x', 'Job', 'report'),
    owned('tick-y', 'Job', 'tick-29000000'),
    owned('db-0', 'StatefulSet', 'db'),
    // Same owner name, but a ReplicaSet recreated since (another uid): not the Deployment's.
    owned('web-stale', 'ReplicaSet', 'web-5d8f', 'older-uid'),
    pod('demo', 'bare'),
  ];
  const workload = (kind: ChaosWorkloadKind, name: string, extra = {}) =>
    names(candidatePods(experiment({ selector: { workload: { kind, name }, ...extra } }), pods, owners));

  it("takes the pods a DaemonSet, Job or StatefulSet controls, by the pod's controller", () => {
    expect(workload('DaemonSet', 'node-agent')).toEqual(['demo/agent-a', 'demo/agent-b']);
    expect(workload('Job', 'report')).toEqual(['demo/report-x']);
    expect(workload('StatefulSet', 'db')).toEqual(['demo/db-0']);
    expect(workload('ReplicaSet', 'web-5d8f')).toEqual(['demo/web-1', 'demo/web-stale']);
  });

  it('reaches a Deployment through its ReplicaSets and a CronJob through its Jobs, checking uids', () => {
    expect(workload('Deployment', 'web')).toEqual(['demo/web-1']);
    expect(workload('CronJob', 'tick')).toEqual(['demo/tick-y']);
    // Without the listers, only a pod's own controller can match.
    expect(
      names(candidatePods(experiment({ selector: { workload: { kind: 'Deployment', name: 'web' } } }), pods)),
    ).toEqual([]);
  });

  it('narrows further with the other fields, and matches nothing of another kind or name', () => {
    expect(workload('DaemonSet', 'node-agent', { names: ['agent-b'] })).toEqual(['demo/agent-b']);
    expect(workload('DaemonSet', 'node-agent', { namespaces: ['other'] })).toEqual([]);
    expect(workload('StatefulSet', 'node-agent')).toEqual([]);
    expect(workload('Job', 'tick')).toEqual([]);
  });
});
