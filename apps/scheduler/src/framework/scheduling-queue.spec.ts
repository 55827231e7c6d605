import { FakeClock } from './clock';
import { SchedulingQueue, type PendingPods } from './scheduling-queue';
import { makePod } from './test/scheduler.fixtures';

describe(SchedulingQueue.name, () => {
  const setup = (pluginEvents?: Record<string, ('NodeAdd' | 'AssignedPodDelete')[]>) => {
    const clock = new FakeClock(1_000_000);
    const metrics: PendingPods[] = [];
    const queue = new SchedulingQueue({ clock, pluginEvents, onPendingPodsChanged: (p) => metrics.push(p) });
    return { clock, queue, metrics };
  };

  it('pops by priority, then first in first out', () => {
    const { queue, clock } = setup();
    queue.add(makePod('low-1'));
    clock.advance(1);
    queue.add(makePod('high', { priority: 1000 }));
    clock.advance(1);
    queue.add(makePod('low-2'));
    expect([1, 2, 3].map(() => queue.pop()?.podInfo.name)).toEqual(['high', 'low-1', 'low-2']);
    expect(queue.pop()).toBeUndefined();
  });

  it('parks unschedulable pods until a helpful event, then backs off 1 s doubling to 10 s', () => {
    const { queue, clock, metrics } = setup({ NodeResourcesFit: ['NodeAdd', 'AssignedPodDelete'] });
    queue.add(makePod('p'));
    const q = queue.pop()!;
    q.unschedulablePlugins = new Set(['NodeResourcesFit']);
    queue.addUnschedulableIfNotPresent(q, queue.currentSchedulingCycle);
    expect(queue.pendingPods()).toEqual({ active: 0, backoff: 0, unschedulable: 1, gated: 0 });
    expect(metrics.at(-1)).toEqual({ active: 0, backoff: 0, unschedulable: 1, gated: 0 });
    queue.moveAllToActiveOrBackoff('AssignedPodAdd' as never); // irrelevant to NodeResourcesFit
    expect(queue.pendingPods().unschedulable).toBe(1);
    queue.moveAllToActiveOrBackoff('NodeAdd');
    expect(queue.pendingPods().backoff).toBe(1); // still within its 1 s back-off
    clock.advance(999);
    queue.flushBackoffQCompleted();
    expect(queue.pendingPods().backoff).toBe(1);
    clock.advance(1);
    queue.flushBackoffQCompleted();
    expect(queue.pendingPods().active).toBe(1);
    expect(queue.backoffDuration({ ...q, attempts: 2 })).toBe(2_000);
    expect(queue.backoffDuration({ ...q, attempts: 10 })).toBe(10_000);
  });

  it('backs off instead of parking when a move request arrived during the attempt', () => {
    const { queue } = setup();
    queue.add(makePod('p'));
    const q = queue.pop()!;
    q.unschedulablePlugins = new Set(['NodeResourcesFit']);
    queue.moveAllToActiveOrBackoff('NodeAdd');
    queue.addUnschedulableIfNotPresent(q, queue.currentSchedulingCycle);
    expect(queue.pendingPods().backoff).toBe(1);
  });

  it('retries unschedulable pods after 5 minutes', () => {
    const { queue, clock } = setup();
    queue.add(makePod('p'));
    const q = queue.pop()!;
    q.unschedulablePlugins = new Set(['TaintToleration']);
    queue.addUnschedulableIfNotPresent(q, queue.currentSchedulingCycle);
    clock.advance(5 * 60_000);
    queue.flushUnschedulablePodsLeftover();
    expect(queue.pendingPods().unschedulable).toBe(1);
    clock.advance(1);
    queue.flushUnschedulablePodsLeftover();
    expect(queue.pendingPods().active).toBe(1);
  });

  it('holds gated pods until their scheduling gates are removed', () => {
    const { queue } = setup();
    const gated = makePod('g');
    (gated.spec as { schedulingGates?: { name: string }[] }).schedulingGates = [{ name: 'example.com/wait' }];
    queue.add(gated);
    expect(queue.pendingPods()).toEqual({ active: 0, backoff: 0, unschedulable: 0, gated: 1 });
    queue.moveAllToActiveOrBackoff('NodeAdd');
    expect(queue.pendingPods().gated).toBe(1);
    queue.update(makePod('g'));
    expect(queue.pendingPods()).toEqual({ active: 1, backoff: 0, unschedulable: 0, gated: 0 });
    queue.delete('uid-g');
    expect(queue.pendingPods().active).toBe(0);
  });
});
