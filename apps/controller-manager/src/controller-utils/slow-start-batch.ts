/**
 * controller.slowStartBatch: run `count` calls in batches of 1, 2, 4, ... (each batch in
 * parallel), stopping at the first batch with a failure. A create that is bound to fail (quota,
 * admission, a terminating namespace) then fails once or twice, not hundreds of times.
 */
export const slowStartInitialBatchSize = 1;

export interface SlowStartResult {
  /** Calls that succeeded. Calls never attempted are `count - successes - failures`. */
  successes: number;
  /** The first error of the failing batch, if any. */
  error?: unknown;
}

export async function slowStartBatch(
  count: number,
  initialBatchSize: number,
  fn: (index: number) => Promise<void>,
): Promise<SlowStartResult> {
  let remaining = count;
  let successes = 0;
  let started = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, (_, i) => fn(started + i)));
    started += batch;
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += batch - failed.length;
    if (failed.length > 0) return { successes, error: failed[0].reason };
    remaining -= batch;
  }
  return { successes };
}
