import type { Pod, TopologySpreadConstraint } from '@orchestra/api';
import { PodInfo, type NodeScore } from '../../framework';
import { bound, clusterOf, makeNode, makePod, stateOf } from '../../framework/test/scheduler.fixtures';
import {
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
  PodTopologySpreadPlugin,
} from './pod-topology-spread.plugin';

const ZONE = 'topology.kubernetes.io/zone';
const nodes = [
  makeNode('a', { labels: { [ZONE]: 'z1' } }),
  makeNode('b', { labels: { [ZONE]: 'z2' } }),
  makeNode('c', { labels: { [ZONE]: 'z3', disk: 'hdd' } }),
  makeNode('nolabel'),
];
const web = (name: string, node: string) => bound(makePod(name, { labels: { app: 'web' } }), node);
const spread = (c: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew: 1,
  topologyKey: ZONE,
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchLabels: { app: 'web' } },
  ...c,
});

function filterAll(existing: Pod[], pod: Pod): Record<string, string> {
  const { snapshot } = clusterOf(nodes, existing);
  const plugin = new PodTopologySpreadPlugin();
  const state = stateOf(snapshot);
  const info = new PodInfo(pod);
  plugin.preFilter(state, info, snapshot.list());
  const out: Record<string, string> = {};
  for (const n of snapshot.list()) {
    const s = plugin.filter(state, info, n);
    out[n.name] = s.isSuccess() ? 'ok' : `${s.code}: ${s.message()}`;
  }
  return out;
}

describe(PodTopologySpreadPlugin.name, () => {
  const skew = `Unschedulable: ${ERR_REASON_CONSTRAINTS_NOT_MATCH}`;
  const missing = `UnschedulableAndUnresolvable: ${ERR_REASON_NODE_LABEL_NOT_MATCH}`;
  const pod = (c: Partial<TopologySpreadConstraint> = {}, extra = {}) =>
    makePod('p', { labels: { app: 'web' }, topologySpreadConstraints: [spread(c)], ...extra });

  it.each<[string, Pod[], Pod, Record<string, string>]>([
    ['empty cluster: every zone', [], pod(), { a: 'ok', b: 'ok', c: 'ok', nolabel: missing }],
    ['z1 has one more: z1 refused', [web('w1', 'a')], pod(), { a: skew, b: 'ok', c: 'ok', nolabel: missing }],
    [
      'maxSkew 2 allows it',
      [web('w1', 'a')],
      pod({ maxSkew: 2 }),
      { a: 'ok', b: 'ok', c: 'ok', nolabel: missing },
    ],
    [
      'other apps do not count',
      [bound(makePod('x', { labels: { app: 'db' } }), 'a')],
      pod(),
      { a: 'ok', b: 'ok', c: 'ok', nolabel: missing },
    ],
    [
      'other namespaces do not count',
      [bound(makePod('x', { labels: { app: 'web' }, namespace: 'other' }), 'a')],
      pod(),
      { a: 'ok', b: 'ok', c: 'ok', nolabel: missing },
    ],
    [
      'nodes outside the node affinity are not domains',
      [web('w1', 'a'), web('w2', 'b')],
      pod({}, { nodeSelector: { [ZONE]: 'z1' } }),
      { a: 'ok', b: 'ok', c: 'ok', nolabel: missing },
    ],
    [
      'minDomains above the domain count: the global minimum is 0',
      [web('w1', 'a'), web('w2', 'b'), web('w3', 'c')],
      pod({ minDomains: 4 }),
      { a: skew, b: skew, c: skew, nolabel: missing },
    ],
  ])('filter: %s', (_name, existing, p, expected) => {
    expect(filterAll(existing, p)).toEqual(expected);
  });

  it('ScheduleAnyway scores emptier zones higher and ignores nodes without the key', () => {
    const { snapshot } = clusterOf(nodes, [web('w1', 'a'), web('w2', 'a'), web('w3', 'b')]);
    const plugin = new PodTopologySpreadPlugin();
    const state = stateOf(snapshot);
    const info = new PodInfo(pod({ whenUnsatisfiable: 'ScheduleAnyway' }));
    expect(plugin.preFilter(state, info, snapshot.list()).status.isSkip()).toBe(true);
    expect(plugin.preScore(state, info, snapshot.list()).isSuccess()).toBe(true);
    const scores: NodeScore[] = snapshot
      .list()
      .map((n) => ({ name: n.name, score: plugin.score(state, info, n) }));
    plugin.normalizeScore(state, info, scores);
    const byName = Object.fromEntries(scores.map((s) => [s.name, s.score]));
    expect(byName.nolabel).toBe(0);
    expect(byName.c).toBe(100);
    expect(byName.c).toBeGreaterThan(byName.b);
    expect(byName.b).toBeGreaterThan(byName.a);
  });
});
