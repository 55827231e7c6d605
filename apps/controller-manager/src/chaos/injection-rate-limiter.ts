/**
 * Chaos is rate-limited: at most `perMinute` injections (runs) in any sliding minute, across all
 * experiments. A run over the limit waits; the limiter says how long.
 */
export class InjectionRateLimiter {
  private readonly recent: number[] = [];

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a slot and returns 0, or returns the ms until one frees up (taking nothing). */
  tryAcquire(): number {
    const now = this.now();
    while (this.recent.length && this.recent[0] <= now - 60_000) this.recent.shift();
    if (this.recent.length < this.perMinute) {
      this.recent.push(now);
      return 0;
    }
    return this.recent[0] + 60_000 - now;
  }
}
