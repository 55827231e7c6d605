import { ScaleDownPlanner, type ScaleDownCandidate } from './scale-down';

const node = (nodeName: string, pods: number, ready = true): ScaleDownCandidate => ({
  nodeName,
  pods,
  ready,
});

describe(ScaleDownPlanner.name, () => {
  let now: number;
  let planner: ScaleDownPlanner;
  beforeEach(() => {
    now = 1_000_000;
    planner = new ScaleDownPlanner({ unneededMs: 60_000, delayAfterAddMs: 30_000 }, () => now);
  });

  it('removes an empty node once it has been unneeded for the whole unneeded time', () => {
    const input = { nodes: [node('pool-node-1', 0)], groupSize: 1, minSize: 0 };
    expect(planner.plan(input)).toEqual({ scaleDown: false, reason: 'not-unneeded-long-enough' });
    now += 59_999;
    expect(planner.plan(input)).toEqual({ scaleDown: false, reason: 'not-unneeded-long-enough' });
    now += 1;
    expect(planner.plan(input)).toEqual({ scaleDown: true, nodeName: 'pool-node-1', unneededForMs: 60_000 });
  });

  it('starts the clock again when a pod lands on the node meanwhile', () => {
    planner.plan({ nodes: [node('pool-node-1', 0)], groupSize: 1, minSize: 0 });
    now += 50_000;
    planner.plan({ nodes: [node('pool-node-1', 1)], groupSize: 1, minSize: 0 });
    now += 20_000;
    expect(planner.plan({ nodes: [node('pool-node-1', 0)], groupSize: 1, minSize: 0 })).toMatchObject({
      scaleDown: false,
    });
    now += 60_000;
    expect(planner.plan({ nodes: [node('pool-node-1', 0)], groupSize: 1, minSize: 0 })).toMatchObject({
      scaleDown: true,
    });
  });

  it('never goes below the minimum size', () => {
    planner.plan({ nodes: [node('pool-node-1', 0)], groupSize: 1, minSize: 1 });
    now += 600_000;
    expect(planner.plan({ nodes: [node('pool-node-1', 0)], groupSize: 1, minSize: 1 })).toEqual({
      scaleDown: false,
      reason: 'min-size-reached',
    });
  });

  it('waits out the delay after a scale-up', () => {
    const input = { nodes: [node('pool-node-1', 0)], groupSize: 1, minSize: 0 };
    planner.plan(input);
    now += 60_000;
    expect(planner.plan({ ...input, lastScaleUpAt: now - 10_000 })).toEqual({
      scaleDown: false,
      reason: 'delay-after-add',
    });
    expect(planner.plan({ ...input, lastScaleUpAt: now - 30_000 })).toMatchObject({ scaleDown: true });
  });

  it('removes one node at a time, the one unneeded longest; busy and unready nodes are not unneeded', () => {
    planner.plan({ nodes: [node('pool-node-2', 0)], groupSize: 3, minSize: 0 });
    now += 10_000;
    const nodes = [
      node('pool-node-1', 0),
      node('pool-node-2', 0),
      node('pool-node-3', 2),
      node('pool-node-4', 0, false),
    ];
    planner.plan({ nodes, groupSize: 4, minSize: 0 });
    expect(planner.unneeded().sort()).toEqual(['pool-node-1', 'pool-node-2']);
    now += 60_000;
    expect(planner.plan({ nodes, groupSize: 4, minSize: 0 })).toEqual({
      scaleDown: true,
      nodeName: 'pool-node-2',
      unneededForMs: 70_000,
    });
    expect(planner.plan({ nodes, groupSize: 3, minSize: 0 })).toMatchObject({
      scaleDown: true,
      nodeName: 'pool-node-1',
    });
  });
});
