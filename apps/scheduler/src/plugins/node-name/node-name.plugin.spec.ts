import { PodInfo } from '../../framework';
import { clusterOf, makeNode, makePod, nodeInfoOf, stateOf } from '../../framework/test/scheduler.fixtures';
import { ERR_REASON_NODE_NAME, NodeNamePlugin } from './node-name.plugin';

describe(NodeNamePlugin.name, () => {
  const state = stateOf(clusterOf([]).snapshot);
  it.each([
    ['no nodeName', undefined, 'Success', []],
    ['same node', 'a', 'Success', []],
    ['other node', 'b', 'UnschedulableAndUnresolvable', [ERR_REASON_NODE_NAME]],
  ])('%s', (_name, nodeName, code, reasons) => {
    const s = new NodeNamePlugin().filter(
      state,
      new PodInfo(makePod('p', { nodeName })),
      nodeInfoOf(makeNode('a')),
    );
    expect({ code: s.code, reasons: s.reasons }).toEqual({ code, reasons });
  });
});
