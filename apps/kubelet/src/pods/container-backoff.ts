/**
 * Per-key exponential back-off as the kubelet's flowcontrol.Backoff: the first failure is
 * retried at once, then 10 s, 20 s, … up to 5 min; an entry not touched for twice the maximum
 * (a container that ran ten minutes before crashing) starts again from the initial delay. Keys
 * are `<pod uid>/<container>` (CrashLoopBackOff) or `<pod uid>/<image>` (ImagePullBackOff).
 * Durations are divided by the time-scale, so TIME_SCALE=10 makes every back-off ten times shorter.
 */
interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;

export class ContainerBackoff {
  private readonly entries = new Map<string, Entry>();
  readonly initialMs: number;
  readonly maxMs: number;

  constructor(
    timeScale = 1,
    private readonly now: () => number = Date.now,
  ) {
    this.initialMs = BACKOFF_INITIAL_MS / timeScale;
    this.maxMs = BACKOFF_MAX_MS / timeScale;
  }

  /** Records a failure at `eventTime`; returns the delay before the next attempt. */
  next(key: string, eventTime: number = this.now()): number {
    const entry = this.entries.get(key);
    const backoffMs =
      !entry || this.expired(entry, eventTime) ? this.initialMs : Math.min(entry.backoffMs * 2, this.maxMs);
    this.entries.set(key, { backoffMs, lastUpdate: eventTime });
    return backoffMs;
  }

  /** Milliseconds left before a retry after the failure at `eventTime`; 0 when not in back-off. */
  remaining(key: string, eventTime: number): number {
    const entry = this.entries.get(key);
    if (!entry || this.expired(entry, eventTime)) return 0;
    return Math.max(0, eventTime + entry.backoffMs - this.now());
  }

  /** The current delay of a key (for messages such as `back-off 20s restarting failed container`). */
  delayOf(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  forget(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  private expired(entry: Entry, eventTime: number): boolean {
    return eventTime - entry.lastUpdate > 2 * this.maxMs;
  }
}
