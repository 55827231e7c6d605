import { PodInfo } from '../../framework';
import { clusterOf, makeNode, makePod, nodeInfoOf, stateOf } from '../../framework/test/scheduler.fixtures';
import { NodeResourcesBalancedAllocationPlugin } from './node-resources-balanced-allocation.plugin';

describe(NodeResourcesBalancedAllocationPlugin.name, () => {
  const plugin = new NodeResourcesBalancedAllocationPlugin();
  const state = stateOf(clusterOf([]).snapshot);
  const node = nodeInfoOf(makeNode('a', { cpu: '4', memory: '4Gi' }));

  it.each([
    ['equal shares', makePod('p', { cpu: '2', memory: '2Gi' }), 100],
    ['cpu 50%, memory 0%', makePod('p', { cpu: '2' }), 75],
    ['cpu 100%, memory 25%', makePod('p', { cpu: '4', memory: '1Gi' }), 62],
  ])('%s', (_name, pod, score) => {
    expect(plugin.score(state, new PodInfo(pod), node)).toBe(score);
  });

  it('skips pods that request nothing', () => {
    expect(plugin.preScore(state, new PodInfo(makePod('p'))).isSkip()).toBe(true);
  });
});
