import { PodInfo } from '../../framework';
import { clusterOf, makePod, stateOf } from '../../framework/test/scheduler.fixtures';
import { DefaultPreemptionPlugin } from './default-preemption.plugin';

describe(DefaultPreemptionPlugin.name, () => {
  it('reports that preemption cannot help on any node (Orchestra does not preempt)', () => {
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
