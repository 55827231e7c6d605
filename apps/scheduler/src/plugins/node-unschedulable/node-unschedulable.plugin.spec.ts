import { PodInfo } from '../../framework';
import { clusterOf, makeNode, makePod, nodeInfoOf, stateOf } from '../../framework/test/scheduler.fixtures';
import { ERR_REASON_UNSCHEDULABLE, NodeUnschedulablePlugin } from './node-unschedulable.plugin';

describe(NodeUnschedulablePlugin.name, () => {
  const state = stateOf(clusterOf([]).snapshot);
  const tolerate = [
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists' as const, effect: 'NoSchedule' as const },
  ];
  it.each([
    ['schedulable node', false, undefined, 'Success'],
    ['cordoned node', true, undefined, 'UnschedulableAndUnresolvable'],
    ['cordoned node, tolerated', true, tolerate, 'Success'],
  ])('%s', (_name, unschedulable, tolerations, code) => {
    const s = new NodeUnschedulablePlugin().filter(
      state,
      new PodInfo(makePod('p', { tolerations })),
      nodeInfoOf(makeNode('a', { unschedulable })),
    );
    expect(s.code).toBe(code);
    if (code !== 'Success') expect(s.reasons).toEqual([ERR_REASON_UNSCHEDULABLE]);
  });
});
