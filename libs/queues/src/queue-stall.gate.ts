/**
 * Chaos queue-stall inside a process: which of its queues stop taking jobs, and until when. Fed
 * with the stalls in force (from the process's ChaosExperiment informer); the loops ask
 * `stalledUntil(queue)` and are told through `onChange` when a stall starts or ends, including
 * at each end time (a timer), so a stall ends on time with no further event. The chaos
 * controller's queue is never stalled, whatever it is fed: a stalled run could never end.
 */
import { QueueName } from './queue-names';

export interface QueueStall {
  /** Empty: every queue but the chaos controller's. */
  queues: readonly string[];
  /** ms since the epoch. */
  until: number;
}

export interface StallClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: StallClock = {
  now: Date.now,
  setTimeout: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class QueueStallGate {
  private stalls: QueueStall[] = [];
  private readonly listeners = new Set<() => void>();
  private timer?: unknown;

  constructor(private readonly clock: StallClock = realClock) {}

  /** When the queue's stall ends, or undefined when it is not stalled now. */
  stalledUntil(queue: string): number | undefined {
    if (queue === QueueName.Chaos) return undefined;
    const now = this.clock.now();
    let until: number | undefined;
    for (const stall of this.stalls)
      if (stall.until > now && (stall.queues.length === 0 || stall.queues.includes(queue)))
        until = Math.max(until ?? 0, stall.until);
    return until;
  }

  /** The stalls in force now (replacing the previous ones); listeners hear of it. */
  set(stalls: readonly QueueStall[]): void {
    this.stalls = [...stalls];
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.clock.now();
    const ends = this.stalls.map((s) => s.until).filter((until) => until > now);
    if (ends.length) this.timer = this.clock.setTimeout(() => this.set(this.stalls), Math.min(...ends) - now);
    for (const listener of this.listeners) listener();
  }

  /** Called on every change; the listener asks `stalledUntil` for its queue. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
