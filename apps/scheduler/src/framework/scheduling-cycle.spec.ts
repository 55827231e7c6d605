import type { Node, Pod } from '@orchestra/api';
import { Snapshot } from '../cache/snapshot';
import { SchedulerCache } from '../cache/scheduler-cache';
import { defaultProfile } from '../plugins/default-profile';
import { Framework } from './framework';
import { PodInfo } from './pod-info';
import { SchedulingCycle } from './scheduling-cycle';
import { makeNode, makePod } from './test/scheduler.fixtures';

const zone = (z: string) => ({ 'topology.kubernetes.io/zone': z });

/** A pure scheduler: cache + snapshot + cycle, binding confirmed at once. */
function scheduler(nodes: Node[], random = () => 0) {
  const cache = new SchedulerCache();
  nodes.forEach((n) => cache.addNode(n));
  const snapshot = new Snapshot();
  const cycle = new SchedulingCycle(new Framework(defaultProfile()), { assumer: cache, random });
  const placed = new Map<string, string>();
  const schedule = (pod: Pod) => {
    cache.updateSnapshot(snapshot);
    const out = cycle.run(new PodInfo(pod), snapshot);
    if (out.kind === 'Scheduled') {
      placed.set(pod.metadata.name ?? '', out.result.suggestedHost);
      cache.addPod({ ...pod, spec: { ...pod.spec, nodeName: out.result.suggestedHost } }); // informer confirms
    }
    return out;
  };
  return { cache, schedule, placed };
}

const countBy = (m: Map<string, string>) => {
  const c: Record<string, number> = {};
  for (const v of m.values()) c[v] = (c[v] ?? 0) + 1;
  return c;
};

describe(SchedulingCycle.name, () => {
  it('spreads 10 replicas 4/3/3 over 3 zones with a zone topology spread constraint', () => {
    const { schedule, placed } = scheduler([
      makeNode('a', { labels: zone('z1') }),
      makeNode('b', { labels: zone('z2') }),
      makeNode('c', { labels: zone('z3') }),
    ]);
    for (let i = 0; i < 10; i++) {
      const out = schedule(
        makePod(`web-${i}`, {
          labels: { app: 'web' },
          cpu: '100m',
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'DoNotSchedule',
              labelSelector: { matchLabels: { app: 'web' } },
            },
          ],
        }),
      );
      expect(out.kind).toBe('Scheduled');
    }
    expect(Object.values(countBy(placed)).sort()).toEqual([3, 3, 4]);
  });

  it('places at most one pod per node with required anti-affinity; the 4th is unschedulable', () => {
    const { schedule, placed } = scheduler([makeNode('a'), makeNode('b'), makeNode('c')]);
    const pod = (i: number) =>
      makePod(`db-${i}`, {
        labels: { app: 'db' },
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' },
            ],
          },
        },
      });
    for (let i = 0; i < 3; i++) expect(schedule(pod(i)).kind).toBe('Scheduled');
    expect(new Set(placed.values()).size).toBe(3);
    const out = schedule(pod(3));
    expect(out.kind).toBe('Unschedulable');
    if (out.kind !== 'Unschedulable') return;
    expect(out.message).toBe(
      "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. " +
        'preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..',
    );
    expect([...out.unschedulablePlugins]).toEqual(['InterPodAffinity']);
  });

  it('honours existing pods anti-affinity against an incoming pod without any terms', () => {
    const { schedule } = scheduler([makeNode('a')]);
    const guard = makePod('guard', {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'noisy' } }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
      },
    });
    expect(schedule(guard).kind).toBe('Scheduled');
    const out = schedule(makePod('noisy', { labels: { app: 'noisy' } }));
    expect(out.kind === 'Unschedulable' && out.message).toContain(
      "1 node(s) didn't satisfy existing pods anti-affinity rules.",
    );
  });

  it('keeps pods off tainted nodes unless they tolerate the taint', () => {
    const taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const };
    const { schedule } = scheduler([makeNode('cp', { taints: [taint] }), makeNode('w')]);
    const plain = schedule(makePod('plain'));
    expect(plain.kind === 'Scheduled' && plain.result.suggestedHost).toBe('w');
    const tolerant = schedule(
      makePod('tolerant', {
        nodeSelector: { 'kubernetes.io/hostname': 'cp' },
        tolerations: [{ operator: 'Exists' }],
      }),
    );
    expect(tolerant.kind === 'Scheduled' && tolerant.result.suggestedHost).toBe('cp');
  });

  it('follows nodeSelector and explains the nodes it rejected', () => {
    const { schedule } = scheduler([
      makeNode('a', { labels: { disk: 'ssd' } }),
      makeNode('b'),
      makeNode('c'),
    ]);
    const out = schedule(makePod('p', { nodeSelector: { disk: 'ssd' } }));
    expect(out.kind).toBe('Scheduled');
    if (out.kind !== 'Scheduled') return;
    expect(out.result.suggestedHost).toBe('a');
    expect(out.result).toMatchObject({ feasibleNodes: 1, evaluatedNodes: 3 });
    expect(out.result.filterFailures.get('b')).toMatchObject({
      plugin: 'NodeAffinity',
      reasons: ["node(s) didn't match Pod's node affinity/selector"],
    });
  });

  it('reports the mix of reasons in Kubernetes form, then fits once a bigger node is added', () => {
    const taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const };
    const nodes = [
      makeNode('cp', { taints: [taint] }),
      makeNode('w1', { cpu: '1' }),
      makeNode('w2', { cpu: '1' }),
    ];
    const { schedule, cache } = scheduler(nodes);
    const big = makePod('big', { cpu: '2' });
    const out = schedule(big);
    expect(out.kind === 'Unschedulable' && out.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, ' +
        '2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, ' +
        '2 No preemption victims found for incoming pod..',
    );
    cache.addNode(makeNode('w3', { cpu: '8' }));
    const again = schedule(big);
    expect(again.kind === 'Scheduled' && again.result.suggestedHost).toBe('w3');
  });

  it('never overcommits a node during a burst: assumed pods count before bindings show up', () => {
    const cache = new SchedulerCache();
    cache.addNode(makeNode('a', { cpu: '1' }));
    const snapshot = new Snapshot();
    const cycle = new SchedulingCycle(new Framework(defaultProfile()), { assumer: cache });
    const kinds = [0, 1, 2].map((i) => {
      cache.updateSnapshot(snapshot);
      return cycle.run(new PodInfo(makePod(`p${i}`, { cpu: '400m' })), snapshot).kind;
    });
    expect(kinds).toEqual(['Scheduled', 'Scheduled', 'Unschedulable']);
  });

  it('reports candidates with per-plugin scores, chosen first', () => {
    const { schedule } = scheduler([makeNode('a', { cpu: '8' }), makeNode('b', { cpu: '2' })]);
    const out = schedule(makePod('p', { cpu: '1', memory: '1Gi' }));
    expect(out.kind).toBe('Scheduled');
    if (out.kind !== 'Scheduled') return;
    expect(out.result.candidates.map((c) => c.name)).toEqual(['a', 'b']);
    const fit = out.result.candidates[0].scores.find((s) => s.plugin === 'NodeResourcesFit');
    expect(fit?.score).toBeGreaterThan(
      out.result.candidates[1].scores.find((s) => s.plugin === 'NodeResourcesFit')!.score,
    );
  });

  it('says when there are no nodes at all', () => {
    const { schedule } = scheduler([]);
    expect(schedule(makePod('p'))).toMatchObject({
      kind: 'Unschedulable',
      message: 'no nodes available to schedule pods',
    });
  });
});
