import type { NodeSelectorTerm, PodSpec } from '@orchestra/api';
import { PodInfo, type NodeScore } from '../../framework';
import { clusterOf, makeNode, makePod, nodeInfoOf, stateOf } from '../../framework/test/scheduler.fixtures';
import { ERR_REASON_POD, NodeAffinityPlugin } from './node-affinity.plugin';

const required = (...nodeSelectorTerms: NodeSelectorTerm[]): Partial<PodSpec> => ({
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } } },
});

describe(NodeAffinityPlugin.name, () => {
  const plugin = new NodeAffinityPlugin();
  const node = nodeInfoOf(makeNode('a', { labels: { zone: 'z1', cores: '16', disk: 'ssd' } }));

  it.each<[string, Partial<PodSpec>, boolean]>([
    ['nodeSelector match', { nodeSelector: { zone: 'z1' } }, true],
    ['nodeSelector mismatch', { nodeSelector: { zone: 'z2' } }, false],
    ['In', required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1', 'z2'] }] }), true],
    ['NotIn', required({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['z1'] }] }), false],
    ['Exists', required({ matchExpressions: [{ key: 'disk', operator: 'Exists' }] }), true],
    ['DoesNotExist', required({ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }), true],
    ['Gt', required({ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] }), true],
    ['Lt', required({ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['8'] }] }), false],
    [
      'terms are ORed',
      required(
        { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] },
        { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] },
      ),
      true,
    ],
    [
      'expressions are ANDed',
      required({
        matchExpressions: [
          { key: 'disk', operator: 'Exists' },
          { key: 'gpu', operator: 'Exists' },
        ],
      }),
      false,
    ],
    [
      'matchFields metadata.name',
      required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] }),
      true,
    ],
    ['empty term matches nothing', required({}), false],
    [
      'selector AND affinity',
      {
        nodeSelector: { zone: 'z2' },
        ...required({ matchExpressions: [{ key: 'disk', operator: 'Exists' }] }),
      },
      false,
    ],
  ])('filter: %s', (_name, spec, fits) => {
    const state = stateOf(clusterOf([]).snapshot);
    const pod = new PodInfo(makePod('p', spec));
    plugin.preFilter(state, pod);
    const s = plugin.filter(state, pod, node);
    expect(s.isSuccess()).toBe(fits);
    if (!fits) expect(s.reasons).toEqual([ERR_REASON_POD]);
  });

  it('skips pods without constraints and narrows nodes pinned by matchFields', () => {
    const state = stateOf(clusterOf([]).snapshot);
    expect(plugin.preFilter(state, new PodInfo(makePod('p'))).status.isSkip()).toBe(true);
    const pinned = new PodInfo(
      makePod('p', required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] })),
    );
    expect(plugin.preFilter(state, pinned).result?.nodeNames).toEqual(new Set(['b']));
  });

  it('scores the weights of matching preferred terms, normalized to 100', () => {
    const state = stateOf(clusterOf([]).snapshot);
    const pod = new PodInfo(
      makePod('p', {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 20,
                preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] },
              },
              {
                weight: 60,
                preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] },
              },
            ],
          },
        },
      }),
    );
    expect(plugin.preScore(state, pod).isSuccess()).toBe(true);
    const nodes = [node, nodeInfoOf(makeNode('b', { labels: { disk: 'ssd' } })), nodeInfoOf(makeNode('c'))];
    const scores: NodeScore[] = nodes.map((n) => ({ name: n.name, score: plugin.score(state, pod, n) }));
    expect(scores.map((s) => s.score)).toEqual([80, 60, 0]);
    plugin.normalizeScore(state, pod, scores);
    expect(scores.map((s) => s.score)).toEqual([100, 75, 0]);
  });
});
