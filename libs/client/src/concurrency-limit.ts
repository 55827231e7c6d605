/**
 * At most `limit` tasks at once; the others wait their turn, first come first served. The
 * client's requests go through one: unbounded, a burst (a kubelet syncing thousands of pods)
 * opens a connection per request in flight, each with its socket buffers, on both sides.
 */
export class ConcurrencyLimit {
  private running = 0;
  /** Waiters in arrival order; a Set keeps removal on abort O(1) and iterates in insertion order. */
  private readonly waiting = new Set<() => void>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.size;
  }

  /** Runs `task` once a slot is free; a caller that aborts while waiting gives up its place. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.running++;
        resolve();
      };
      const onAbort = () => {
        this.waiting.delete(grant);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.add(grant);
    });
  }

  private release(): void {
    this.running--;
    const next = this.waiting.values().next();
    if (next.done) return;
    this.waiting.delete(next.value);
    next.value();
  }
}
