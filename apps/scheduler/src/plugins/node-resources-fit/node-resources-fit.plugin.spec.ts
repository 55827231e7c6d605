import type { Container } from '@orchestra/api';
import { PodInfo } from '../../framework';
import { clusterOf, makeNode, makePod, nodeInfoOf, stateOf } from '../../framework/test/scheduler.fixtures';
import { NodeResourcesFitPlugin } from './node-resources-fit.plugin';

const container = (name: string, cpu: string, memory = '0'): Container => ({
  name,
  resources: { requests: { cpu, memory } },
});

describe(NodeResourcesFitPlugin.name, () => {
  const plugin = new NodeResourcesFitPlugin();
  const state = stateOf(clusterOf([]).snapshot);
  const node = nodeInfoOf(makeNode('a', { cpu: '2', memory: '4Gi', pods: '2' }), [
    makePod('x', { cpu: '1', memory: '1Gi' }),
  ]);

  it.each<[string, ReturnType<typeof makePod>, string[]]>([
    ['fits', makePod('p', { cpu: '1', memory: '3Gi' }), []],
    ['too much cpu', makePod('p', { cpu: '1500m' }), ['Insufficient cpu']],
    ['too much memory', makePod('p', { memory: '3500Mi' }), ['Insufficient memory']],
    ['both', makePod('p', { cpu: '2', memory: '4Gi' }), ['Insufficient cpu', 'Insufficient memory']],
    [
      'init containers: max of init vs sum of containers',
      makePod('p', {
        containers: [container('a', '500m'), container('b', '500m')],
        initContainers: [container('i', '1100m')],
      }),
      ['Insufficient cpu'],
    ],
    [
      'init container smaller than the sum',
      makePod('p', {
        containers: [container('a', '500m'), container('b', '500m')],
        initContainers: [container('i', '900m')],
      }),
      [],
    ],
  ])('filter: %s', (_name, pod, reasons) => {
    const s = plugin.filter(state, new PodInfo(pod), node);
    expect(s.reasons).toEqual(reasons);
    if (reasons.length) expect(s.code).toBe('Unschedulable');
  });

  it('counts pods against allocatable pods', () => {
    const full = nodeInfoOf(makeNode('a', { pods: '1' }), [makePod('x')]);
    expect(plugin.filter(state, new PodInfo(makePod('p')), full).reasons).toEqual(['Too many pods']);
  });

  it.each([
    ['LeastAllocated prefers the emptier node', 'LeastAllocated' as const, [75, 50]],
    ['MostAllocated prefers the fuller node', 'MostAllocated' as const, [25, 50]],
  ])('%s', (_name, strategy, expected) => {
    const scorer = new NodeResourcesFitPlugin(strategy);
    const pod = new PodInfo(makePod('p', { cpu: '1', memory: '2Gi' }));
    const empty = nodeInfoOf(makeNode('e', { cpu: '4', memory: '8Gi' }));
    const busy = nodeInfoOf(makeNode('b', { cpu: '4', memory: '8Gi' }), [
      makePod('x', { cpu: '1', memory: '2Gi' }),
    ]);
    expect([scorer.score(state, pod, empty), scorer.score(state, pod, busy)]).toEqual(expected);
  });
});
