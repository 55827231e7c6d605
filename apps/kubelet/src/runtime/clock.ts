/**
 * Time as the simulated node sees it. Everything that waits (image pulls, workload timers, grace
 * periods, probe periods) goes through a `Clock`, so tests drive time by hand, and through a
 * `SimClock`, so the playground can run the simulation faster than the wall clock.
 */

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `callback` once after `delayMs` (real) milliseconds. */
  setTimer(callback: () => void, delayMs: number): TimerHandle;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, delayMs) {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    // Simulated containers must never keep a process (or a test run) alive on their own.
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

/**
 * A clock plus a time-scale. Durations given in simulated time (a workload's `sleep 5`, a 30 s
 * grace period, a 10 s probe period) take `1 / timeScale` of that on the underlying clock:
 * with timeScale 10, `sleep 5` finishes after 500 ms. Timestamps (startedAt, log times) stay on
 * the underlying clock, so they read as real times in kubectl, and rates reported to Prometheus
 * (CPU cores) stay per real second.
 */
export class SimClock {
  readonly timeScale: number;

  constructor(
    readonly clock: Clock = systemClock,
    timeScale = 1,
  ) {
    if (!Number.isFinite(timeScale) || timeScale <= 0) {
      throw new RangeError(`timeScale must be a positive number, got ${timeScale}`);
    }
    this.timeScale = timeScale;
  }

  now(): number {
    return this.clock.now();
  }

  /** Runs `callback` after `simMs` of simulated time. */
  after(simMs: number, callback: () => void): TimerHandle {
    return this.clock.setTimer(callback, this.toRealMs(simMs));
  }

  toRealMs(simMs: number): number {
    return Math.max(0, simMs) / this.timeScale;
  }

  /** Simulated milliseconds elapsed since `realMs` (a timestamp of the underlying clock). */
  simSince(realMs: number): number {
    return (this.now() - realMs) * this.timeScale;
  }
}
