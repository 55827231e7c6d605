import type { Taint, Toleration } from '@orchestra/api';
import { PodInfo, type NodeScore } from '../../framework';
import { clusterOf, makeNode, makePod, nodeInfoOf, stateOf } from '../../framework/test/scheduler.fixtures';
import { TaintTolerationPlugin } from './taint-toleration.plugin';

describe(TaintTolerationPlugin.name, () => {
  const plugin = new TaintTolerationPlugin();
  const state = stateOf(clusterOf([]).snapshot);
  const gpu: Taint = { key: 'gpu', value: 'true', effect: 'NoSchedule' };

  it.each<[string, Taint[], Toleration[], string, string[]]>([
    ['no taints', [], [], 'Success', []],
    [
      'untolerated NoSchedule',
      [gpu],
      [],
      'UnschedulableAndUnresolvable',
      ['node(s) had untolerated taint {gpu: true}'],
    ],
    ['tolerated by Equal', [gpu], [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }], 'Success', []],
    ['tolerated by Exists', [gpu], [{ key: 'gpu', operator: 'Exists' }], 'Success', []],
    [
      'wrong value',
      [gpu],
      [{ key: 'gpu', value: 'false' }],
      'UnschedulableAndUnresolvable',
      ['node(s) had untolerated taint {gpu: true}'],
    ],
    [
      'NoExecute counts',
      [{ key: 'x', effect: 'NoExecute' }],
      [],
      'UnschedulableAndUnresolvable',
      ['node(s) had untolerated taint {x: }'],
    ],
    ['PreferNoSchedule never filters', [{ key: 'x', effect: 'PreferNoSchedule' }], [], 'Success', []],
  ])('filter: %s', (_name, taints, tolerations, code, reasons) => {
    const s = plugin.filter(
      state,
      new PodInfo(makePod('p', { tolerations })),
      nodeInfoOf(makeNode('a', { taints })),
    );
    expect({ code: s.code, reasons: s.reasons }).toEqual({ code, reasons });
  });

  it('scores fewer untolerated PreferNoSchedule taints higher (reversed normalization)', () => {
    const prefer = (key: string): Taint => ({ key, effect: 'PreferNoSchedule' });
    const nodes = [
      makeNode('clean'),
      makeNode('one', { taints: [prefer('a')] }),
      makeNode('two', { taints: [prefer('a'), prefer('b')] }),
    ];
    const pod = new PodInfo(makePod('p', { tolerations: [{ key: 'b', operator: 'Exists' }] }));
    plugin.preScore(state, pod);
    const scores: NodeScore[] = nodes.map((n) => ({
      name: n.metadata.name!,
      score: plugin.score(state, pod, nodeInfoOf(n)),
    }));
    expect(scores.map((s) => s.score)).toEqual([0, 1, 1]);
    plugin.normalizeScore(state, pod, scores);
    expect(scores.map((s) => s.score)).toEqual([100, 0, 0]);
  });
});
