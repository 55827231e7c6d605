/**
 * What the event recorder remembers of the Events it wrote (client-go's events_cache.go): the
 * same event within the window bumps the existing Event's count instead of creating another.
 * Bounded like client-go's LRU, so a noisy controller cannot grow it without limit.
 */
export interface SeenEvent {
  name: string;
  namespace: string;
  count: number;
  lastSeenMs: number;
}

export class EventCache {
  private readonly entries = new Map<string, SeenEvent>();

  constructor(
    private readonly windowMs = 10 * 60_000,
    private readonly maxEntries = 4096,
  ) {}

  /** The Event written for `key` within the window, if any. */
  get(key: string, nowMs: number): SeenEvent | undefined {
    const seen = this.entries.get(key);
    if (!seen) return undefined;
    if (nowMs - seen.lastSeenMs > this.windowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return seen;
  }

  set(key: string, seen: SeenEvent): void {
    this.entries.delete(key); // re-insert: Map order is the LRU order
    this.entries.set(key, seen);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
