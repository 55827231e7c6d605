/**
 * client-go's default per-item rate limiter (`ItemExponentialFailureRateLimiter`): the n-th
 * failure in a row waits base·2^(n-1), capped, so a broken key backs off instead of spinning.
 */

export interface BackoffOptions {
  /** Delay after the first failure; client-go uses 5 ms. */
  baseMs?: number;
  /** Longest delay; client-go uses 1000 s, a playground wants faster healing. */
  maxMs?: number;
}

export const defaultBackoff: Required<BackoffOptions> = { baseMs: 5, maxMs: 60_000 };

/** Delay before retrying after `failures` failures in a row (1 = the first failure). */
export function backoffDelayMs(failures: number, options: BackoffOptions = {}): number {
  const { baseMs, maxMs } = { ...defaultBackoff, ...options };
  // 2^exponent overflows to Infinity long before it matters; min() keeps it finite.
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
}
