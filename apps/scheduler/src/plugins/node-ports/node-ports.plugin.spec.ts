import { PodInfo } from '../../framework';
import { clusterOf, makeNode, makePod, nodeInfoOf, stateOf } from '../../framework/test/scheduler.fixtures';
import { ERR_REASON_NODE_PORTS, NodePortsPlugin } from './node-ports.plugin';

const withPort = (name: string, hostPort: number, protocol: 'TCP' | 'UDP' = 'TCP') =>
  makePod(name, { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort, protocol }] }] });

describe(NodePortsPlugin.name, () => {
  const plugin = new NodePortsPlugin();
  const state = stateOf(clusterOf([]).snapshot);
  const node = nodeInfoOf(makeNode('a'), [withPort('existing', 8080)]);

  it.each([
    ['free port', withPort('p', 9090), true],
    ['same port and protocol', withPort('p', 8080), false],
    ['same port, other protocol', withPort('p', 8080, 'UDP'), true],
  ])('%s', (_name, pod, fits) => {
    const s = plugin.filter(state, new PodInfo(pod), node);
    expect(s.isSuccess()).toBe(fits);
    if (!fits) expect(s.reasons).toEqual([ERR_REASON_NODE_PORTS]);
  });

  it('skips pods without host ports', () => {
    expect(plugin.preFilter(state, new PodInfo(makePod('p'))).status.isSkip()).toBe(true);
  });
});
