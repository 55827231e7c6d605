import { SimClock } from '../runtime/clock';
import { FakeClock } from '../runtime/fake-clock';
import type { ProbeOutcome, ProbeResult, ProbeSpec, ProbeType } from './probe-runner';
import { ProbeWorker } from './probe-worker';

/** A runner whose answers the test sets; it records when it was asked. */
class ScriptedRunner {
  answer: ProbeResult = 'Success';
  /** Resolves only after this many ms of the fake clock, when set. */
  delayMs = 0;
  calls: number[] = [];

  constructor(private readonly clock: FakeClock) {}

  run(): Promise<ProbeOutcome> {
    this.calls.push(this.clock.now());
    const outcome = { result: this.answer, output: this.answer === 'Success' ? '' : 'boom' };
    if (!this.delayMs) return Promise.resolve(outcome);
    return new Promise((resolve) => this.clock.setTimer(() => resolve(outcome), this.delayMs));
  }
}

describe(ProbeWorker.name, () => {
  let clock: FakeClock;
  let runner: ScriptedRunner;
  let changes: ProbeResult[];
  let t0: number;

  beforeEach(() => {
    clock = new FakeClock();
    runner = new ScriptedRunner(clock);
    changes = [];
    t0 = clock.now();
  });

  function worker(
    type: ProbeType,
    probe: ProbeSpec,
    extra: { timeScale?: number; enabled?: () => boolean } = {},
  ) {
    const w = new ProbeWorker({
      type,
      probe,
      target: { containerId: 'c', podIP: '10.244.1.7', ports: [] },
      runner,
      sim: new SimClock(clock, extra.timeScale ?? 1),
      startedAt: t0,
      enabled: extra.enabled,
      onResult: (result) => changes.push(result),
    });
    w.start();
    return w;
  }

  it('starts as Kubernetes does: readiness Failure, liveness Success, startup Unknown', () => {
    expect(worker('readiness', { exec: {} }).result).toBe('Failure');
    expect(worker('liveness', { exec: {} }).result).toBe('Success');
    expect(worker('startup', { exec: {} }).result).toBe('Unknown');
  });

  it('probes first after initialDelaySeconds, then every periodSeconds', async () => {
    worker('readiness', { exec: {}, initialDelaySeconds: 5, periodSeconds: 10 });
    await clock.advance(4999);
    expect(runner.calls).toEqual([]);
    await clock.advance(25_001);
    expect(runner.calls.map((t) => t - t0)).toEqual([5000, 15_000, 25_000]);
    expect(changes).toEqual(['Success']);
  });

  it('counts initialDelaySeconds from the container start, and scales every interval', async () => {
    await clock.advance(1000); // the worker is created 1 s after the container started
    worker('readiness', { exec: {}, initialDelaySeconds: 4, periodSeconds: 10 }, { timeScale: 2 });
    await clock.advance(999);
    expect(runner.calls).toEqual([]);
    await clock.advance(5001);
    expect(runner.calls.map((t) => t - t0)).toEqual([2000, 7000]);
  });

  it('changes the result only after failureThreshold failures and successThreshold successes in a row', async () => {
    const w = worker('readiness', { exec: {}, periodSeconds: 1, failureThreshold: 3, successThreshold: 2 });
    await clock.advance(0);
    expect(w.result).toBe('Failure'); // one success of two
    await clock.advance(1000);
    expect(changes).toEqual(['Success']);
    runner.answer = 'Failure';
    await clock.advance(2000);
    expect(w.result).toBe('Success'); // two failures of three
    runner.answer = 'Success';
    await clock.advance(1000); // the run of failures is broken
    runner.answer = 'Failure';
    await clock.advance(2000);
    expect(w.result).toBe('Success');
    await clock.advance(1000);
    expect(w.result).toBe('Failure');
    expect(changes).toEqual(['Success', 'Failure']);
  });

  it('ignores probe errors (Unknown) entirely', async () => {
    const w = worker('liveness', { exec: {}, periodSeconds: 1, failureThreshold: 2 });
    runner.answer = 'Failure';
    await clock.advance(0);
    runner.answer = 'Unknown';
    await clock.advance(5000);
    expect(w.result).toBe('Success');
    runner.answer = 'Failure';
    await clock.advance(1000);
    expect(w.result).toBe('Failure');
  });

  it('holds after a liveness failure: no more probes for this container', async () => {
    runner.answer = 'Failure';
    worker('liveness', { exec: {}, periodSeconds: 10, failureThreshold: 3 });
    await clock.advance(60_000);
    expect(runner.calls.map((t) => t - t0)).toEqual([0, 10_000, 20_000]);
    expect(changes).toEqual(['Failure']);
  });

  it('stops a startup worker once it succeeded', async () => {
    runner.answer = 'Failure';
    worker('startup', { exec: {}, periodSeconds: 10, failureThreshold: 30 });
    await clock.advance(20_000);
    runner.answer = 'Success';
    await clock.advance(60_000);
    expect(runner.calls).toHaveLength(4);
    expect(changes).toEqual(['Success']);
  });

  it('does not probe while disabled (startup gating)', async () => {
    let enabled = false;
    worker('liveness', { exec: {}, periodSeconds: 10 }, { enabled: () => enabled });
    await clock.advance(30_000);
    expect(runner.calls).toEqual([]);
    enabled = true;
    await clock.advance(10_000);
    expect(runner.calls.map((t) => t - t0)).toEqual([40_000]);
  });

  it('skips a tick while the previous probe is still running', async () => {
    runner.delayMs = 15_000;
    worker('readiness', { exec: {}, periodSeconds: 10 });
    await clock.advance(40_000);
    expect(runner.calls.map((t) => t - t0)).toEqual([0, 20_000, 40_000]);
  });

  it('stops probing when stopped', async () => {
    const w = worker('readiness', { exec: {}, periodSeconds: 10 });
    await clock.advance(0);
    w.stop();
    await clock.advance(60_000);
    expect(runner.calls).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
  });
});
