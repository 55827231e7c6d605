import { PodInfo, Status } from '../../framework';
import { clusterOf, makePod, stateOf } from '../../framework/test/scheduler.fixtures';
import { DefaultPreemptionPlugin } from './default-preemption.plugin';

describe(DefaultPreemptionPlugin.name, () => {
  it('with no rejected node to look at, reports that preemption cannot help on any', () => {
    const out = new DefaultPreemptionPlugin().postFilter(
      stateOf(clusterOf([]).snapshot),
      new PodInfo(makePod('p')),
      new Map(),
      3,
    );
    expect(out.status.code).toBe('Unschedulable');
    expect(out.status.message()).toBe(
      'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });
});

describe('DefaultPreemption messages', () => {
  it('names the nodes without victims apart from those preemption cannot help', () => {
    const out = new DefaultPreemptionPlugin().postFilter(
      stateOf(clusterOf([]).snapshot),
      new PodInfo(makePod('p')),
      new Map([
        ['cp', Status.unresolvable('node(s) had untolerated taint {dedicated: gpu}')],
        ['w1', Status.unschedulable('Insufficient cpu')],
        ['w2', Status.unschedulable("node(s) didn't match pod anti-affinity rules")],
      ]),
      4,
    );
    expect(out.status.message()).toBe(
      'preemption: 0/4 nodes are available: 2 No preemption victims found for incoming pod, ' +
        '2 Preemption is not helpful for scheduling.',
    );
  });
});
