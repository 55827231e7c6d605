/**
 * Exponential back-off with jitter, capped (client-go's wait.Backoff): the delay doubles after
 * each failure, and a random extra spreads out clients that failed together.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor?: number;
  /** Up to this fraction of the delay is added at random. */
  jitter?: number;
}

export class Backoff {
  private attempt = 0;

  constructor(
    private readonly options: BackoffOptions,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt. */
  next(): number {
    const { initialMs, maxMs, factor = 2, jitter = 0.5 } = this.options;
    const base = Math.min(maxMs, initialMs * factor ** this.attempt);
    this.attempt++;
    return Math.min(maxMs, base * (1 + jitter * this.random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}
