/**
 * The node lifecycle controller's per-zone queue of nodes to taint NoExecute (Kubernetes'
 * scheduler.RateLimitedTimedQueue): each node at most once until removed, the earliest due first,
 * and no more than the zone's rate allows. Kubernetes rate-limits the tainting, not the pod
 * deletions: a tainted node's pods then go as their tolerations say.
 */
import type { Clock } from '../controller-utils';
import { TokenBucket } from './token-bucket';

/** Every limiter's burst (EvictionRateLimiterBurst): one node at once, then the rate. */
export const EVICTION_RATE_LIMITER_BURST = 1;

export interface TimedValue {
  value: string;
  uid: string;
  addedAt: number;
  processAt: number;
}

/** Whether the value is done (true) or must be tried again after `retryAfterMs`. */
export type TimedAction = (value: TimedValue) => Promise<{ done: boolean; retryAfterMs?: number }>;

export class RateLimitedTimedQueue {
  /** Values in the queue, kept sorted by processAt. */
  private queue: TimedValue[] = [];
  /** Values added and not removed (those processed stay here until Remove, as Kubernetes does). */
  private readonly set = new Set<string>();
  private limiter: TokenBucket;
  private trying = false;

  constructor(
    qps: number,
    private readonly clock: Clock,
  ) {
    this.limiter = new TokenBucket(qps, EVICTION_RATE_LIMITER_BURST, clock);
  }

  get qps(): number {
    return this.limiter.qps;
  }

  /** Adds the value unless it was added and not removed since; true if added. */
  add(value: string, uid: string): boolean {
    if (this.set.has(value)) return false;
    const now = this.clock.now();
    this.set.add(value);
    this.insert({ value, uid, addedAt: now, processAt: now });
    return true;
  }

  /** Forgets the value, so it can be added again; true if it was known. */
  remove(value: string): boolean {
    if (!this.set.delete(value)) return false;
    this.queue = this.queue.filter((v) => v.value !== value);
    return true;
  }

  has(value: string): boolean {
    return this.set.has(value);
  }

  /** Values waiting to be processed. */
  pending(): string[] {
    return this.queue.map((v) => v.value);
  }

  /**
   * Processes due values in order while the limiter gives tokens; a value that is not done goes
   * back with a later processAt. Stops at the first value that is not due or not allowed yet.
   */
  async try(action: TimedAction): Promise<void> {
    if (this.trying) return; // one pass at a time, as Kubernetes' limiterLock
    this.trying = true;
    try {
      for (let head = this.queue[0]; head; head = this.queue[0]) {
        if (!this.limiter.tryAccept()) break;
        const now = this.clock.now();
        if (now < head.processAt) break;
        const { done, retryAfterMs = 0 } = await action(head);
        this.queue = this.queue.filter((v) => v !== head);
        // Removed meanwhile (the node came back), or added anew: nothing to put back.
        const requeue = !done && this.set.has(head.value) && !this.queue.some((v) => v.value === head.value);
        if (requeue) this.insert({ ...head, processAt: now + retryAfterMs + 1 });
      }
    } finally {
      this.trying = false;
    }
  }

  /** A new rate (zone state changed); a limiter that was empty leaves the new one empty too. */
  swapLimiter(qps: number): void {
    if (this.limiter.qps === qps) return;
    const wasEmpty = !this.limiter.tryAccept();
    const next = new TokenBucket(qps, EVICTION_RATE_LIMITER_BURST, this.clock);
    if (qps > 0 && wasEmpty) next.tryAccept();
    this.limiter = next;
  }

  private insert(value: TimedValue): void {
    const at = this.queue.findIndex((v) => v.processAt > value.processAt);
    if (at < 0) this.queue.push(value);
    else this.queue.splice(at, 0, value);
  }
}
