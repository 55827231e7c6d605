/**
 * A hand-driven `Clock` for tests (here and in the node agent's): time only moves on
 * `advance`, which runs due timers in order and lets promise callbacks settle between them, so
 * async chains (a pull that resolves, then a start) behave as they would in real time.
 */
import { setImmediate } from 'node:timers';
import type { Clock, TimerHandle } from './clock';

interface FakeTimer {
  at: number;
  seq: number;
  callback: () => void;
  cancelled: boolean;
}

export class FakeClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: FakeTimer[] = [];

  constructor(startMs = Date.UTC(2025, 0, 1, 12, 0, 0)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const timer: FakeTimer = {
      at: this.current + Math.max(0, delayMs),
      seq: this.seq++,
      callback,
      cancelled: false,
    };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** Timers still waiting to fire. */
  get pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await flushPromises();
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.at);
      next.callback();
      await flushPromises();
    }
    this.current = target;
    await flushPromises();
  }

  private nextDue(target: number): FakeTimer | undefined {
    this.timers = this.timers.filter((t) => !t.cancelled);
    let next: FakeTimer | undefined;
    for (const t of this.timers) {
      if (t.at <= target && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
    }
    return next;
  }
}

/** Lets queued promise callbacks and stream ticks run (a few event-loop turns, no real waiting). */
export async function flushPromises(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
