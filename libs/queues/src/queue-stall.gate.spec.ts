import { QueueStallGate, StallClock } from './queue-stall.gate';

/** A clock whose time and timers move only when the test says so. */
class FakeClock implements StallClock {
  t = 1_000_000;
  private timers: { at: number; fn: () => void }[] = [];
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return timer;
  };
  clearTimeout = (handle: unknown) => {
    this.timers = this.timers.filter((timer) => timer !== handle);
  };
  advance(ms: number): void {
    this.t += ms;
    for (const timer of this.timers.filter((x) => x.at <= this.t)) {
      this.clearTimeout(timer);
      timer.fn();
    }
  }
}

describe(QueueStallGate.name, () => {
  it('stalls the named queues until the end time, and tells its listeners at the start and the end', () => {
    const clock = new FakeClock();
    const gate = new QueueStallGate(clock);
    const heard: (number | undefined)[] = [];
    gate.onChange(() => heard.push(gate.stalledUntil('replicaset')));
    gate.set([{ queues: ['replicaset'], until: clock.t + 5_000 }]);
    expect(gate.stalledUntil('replicaset')).toBe(clock.t + 5_000);
    expect(gate.stalledUntil('deployment')).toBeUndefined();
    clock.advance(4_999);
    expect(gate.stalledUntil('replicaset')).toBeDefined();
    clock.advance(1);
    // Over exactly at its end, with no further set(): the timer told the listeners.
    expect(gate.stalledUntil('replicaset')).toBeUndefined();
    expect(heard).toEqual([1_005_000, undefined]);
  });

  it("stalls every queue but the chaos controller's when none are named; the latest end wins", () => {
    const clock = new FakeClock();
    const gate = new QueueStallGate(clock);
    gate.set([
      { queues: [], until: clock.t + 2_000 },
      { queues: ['deployment'], until: clock.t + 9_000 },
    ]);
    expect(gate.stalledUntil('replicaset')).toBe(clock.t + 2_000);
    expect(gate.stalledUntil('deployment')).toBe(clock.t + 9_000);
    expect(gate.stalledUntil('chaos')).toBeUndefined();
    gate.set([{ queues: ['chaos'], until: clock.t + 2_000 }]);
    expect(gate.stalledUntil('chaos')).toBeUndefined();
  });

  it('ends a stall at once when its experiment goes, and ignores stalls already over', () => {
    const clock = new FakeClock();
    const gate = new QueueStallGate(clock);
    gate.set([{ queues: ['replicaset'], until: clock.t + 5_000 }]);
    gate.set([]);
    expect(gate.stalledUntil('replicaset')).toBeUndefined();
    gate.set([{ queues: ['replicaset'], until: clock.t }]);
    expect(gate.stalledUntil('replicaset')).toBeUndefined();
  });
});
