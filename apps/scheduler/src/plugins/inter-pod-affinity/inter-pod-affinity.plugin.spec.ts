import type { Pod, PodAffinityTerm } from '@orchestra/api';
import { PodInfo, type NodeScore } from '../../framework';
import { bound, clusterOf, makeNode, makePod, stateOf } from '../../framework/test/scheduler.fixtures';
import {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
  InterPodAffinityPlugin,
} from './inter-pod-affinity.plugin';

const ZONE = 'topology.kubernetes.io/zone';
const term = (app: string, topologyKey = ZONE, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector: { matchLabels: { app } },
  topologyKey,
  ...extra,
});
const nodes = [
  makeNode('a', { labels: { [ZONE]: 'z1' } }),
  makeNode('b', { labels: { [ZONE]: 'z1' } }),
  makeNode('c', { labels: { [ZONE]: 'z2' } }),
];

/** Which nodes the pod may use, with the reason of each rejected one. */
function filterAll(existing: Pod[], pod: Pod): Record<string, string> {
  const { snapshot } = clusterOf(nodes, existing);
  const plugin = new InterPodAffinityPlugin();
  const state = stateOf(snapshot);
  const info = new PodInfo(pod);
  if (plugin.preFilter(state, info, snapshot.list()).status.isSkip()) return { a: 'ok', b: 'ok', c: 'ok' };
  const out: Record<string, string> = {};
  for (const n of snapshot.list()) {
    const s = plugin.filter(state, info, n);
    out[n.name] = s.isSuccess() ? 'ok' : `${s.code}: ${s.message()}`;
  }
  return out;
}

describe(InterPodAffinityPlugin.name, () => {
  const cache = bound(makePod('cache', { labels: { app: 'cache' } }), 'a');
  const unresolvable = `UnschedulableAndUnresolvable: ${ERR_REASON_AFFINITY_RULES_NOT_MATCH}`;
  const anti = `Unschedulable: ${ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH}`;
  const existingAnti = `Unschedulable: ${ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH}`;

  it.each<[string, Pod[], Pod, Record<string, string>]>([
    ['no terms, no existing anti-affinity: skipped', [cache], makePod('p'), { a: 'ok', b: 'ok', c: 'ok' }],
    [
      'required affinity: same zone as a matching pod',
      [cache],
      makePod('p', {
        affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('cache')] } },
      }),
      { a: 'ok', b: 'ok', c: unresolvable },
    ],
    [
      'required affinity with no match anywhere: the first pod of its group may go if it matches itself',
      [],
      makePod('p', {
        labels: { app: 'web' },
        affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web')] } },
      }),
      { a: 'ok', b: 'ok', c: 'ok' },
    ],
    [
      'required anti-affinity by zone',
      [cache],
      makePod('p', {
        affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('cache')] } },
      }),
      { a: anti, b: anti, c: 'ok' },
    ],
    [
      'anti-affinity only counts listed namespaces',
      [cache],
      makePod('p', {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [term('cache', ZONE, { namespaces: ['other'] })],
          },
        },
      }),
      { a: 'ok', b: 'ok', c: 'ok' },
    ],
    [
      "existing pods' anti-affinity is honoured",
      [
        bound(
          makePod('loner', {
            affinity: {
              podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [term('web', 'kubernetes.io/hostname')],
              },
            },
          }),
          'c',
        ),
      ],
      makePod('p', { labels: { app: 'web' } }),
      { a: 'ok', b: 'ok', c: existingAnti },
    ],
  ])('filter: %s', (_name, existing, pod, expected) => {
    expect(filterAll(existing, pod)).toEqual(expected);
  });

  it('scores preferred affinity up and preferred anti-affinity down, per zone', () => {
    const { snapshot } = clusterOf(nodes, [cache]);
    const plugin = new InterPodAffinityPlugin();
    const state = stateOf(snapshot);
    const near = new PodInfo(
      makePod('p', {
        affinity: {
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term('cache') }],
          },
        },
      }),
    );
    expect(plugin.preScore(state, near).isSuccess()).toBe(true);
    const scores: NodeScore[] = snapshot
      .list()
      .map((n) => ({ name: n.name, score: plugin.score(state, near, n) }));
    plugin.normalizeScore(state, near, scores);
    expect(Object.fromEntries(scores.map((s) => [s.name, s.score]))).toEqual({ a: 100, b: 100, c: 0 });

    const away = new PodInfo(
      makePod('q', {
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term('cache') }],
          },
        },
      }),
    );
    const state2 = stateOf(snapshot);
    plugin.preScore(state2, away);
    const scores2: NodeScore[] = snapshot
      .list()
      .map((n) => ({ name: n.name, score: plugin.score(state2, away, n) }));
    plugin.normalizeScore(state2, away, scores2);
    expect(Object.fromEntries(scores2.map((s) => [s.name, s.score]))).toEqual({ a: 0, b: 0, c: 100 });
  });
});
