/**
 * client-go's token bucket rate limiter (flowcontrol.NewTokenBucketRateLimiter) with `TryAccept`
 * only: `qps` tokens a second up to `burst`, starting full. A rate of 0 or less never accepts
 * (flowcontrol.NewFakeNeverRateLimiter), which is how evictions are stopped.
 *
 * Kept as the time the bucket would next be full minus one token (the "theoretical arrival time"
 * of the generic cell rate algorithm) rather than a fractional token count, so that ten tenths of
 * a token make exactly one.
 */
import type { Clock } from '../controller-utils';

export class TokenBucket {
  /** ms between tokens. */
  private readonly intervalMs: number;
  /** A token is free at `now` when now >= arrival - (burst - 1) × interval. */
  private arrival: number;

  constructor(
    readonly qps: number,
    private readonly burst: number,
    private readonly clock: Clock,
  ) {
    this.intervalMs = qps > 0 ? 1000 / qps : Infinity;
    this.arrival = clock.now(); // full: `burst` tokens now
  }

  /** Takes a token if there is one now. */
  tryAccept(): boolean {
    if (this.qps <= 0) return false;
    const now = this.clock.now();
    if (now < this.arrival - (this.burst - 1) * this.intervalMs) return false;
    this.arrival = Math.max(this.arrival, now) + this.intervalMs;
    return true;
  }
}
