/**
 * Fans the change log out to watchers in this process: one blocking XREAD loop reads new entries
 * (decoded once) and hands them to every subscriber. A subscriber that starts from an older
 * revision is first caught up from the stream with XRANGE, while live entries wait in its buffer,
 * so it sees every change after its revision exactly once and in order. A revision the log no
 * longer reaches back to is 410 Gone, as with etcd compaction.
 */
import { ApiError } from '@orchestra/api';
import Redis from 'ioredis';
import { ChangeEvent, decodeChangeEntry } from './change-event';
import { StoreKeys } from './store-keys';
import { observed, StoreObserver } from './store-observer';

export type ChangeListener = (event: ChangeEvent) => void;

export interface Subscription {
  close(): void;
}

interface Subscriber {
  listener: ChangeListener;
  /** Highest revision delivered; anything at or below is skipped. */
  delivered: number;
  /** Live events that arrived while catching up; null once live. */
  pending: ChangeEvent[] | null;
}

type StreamEntry = [id: string, fields: string[]];

export interface ChangeFeedOptions {
  /** How long one XREAD blocks before it looks again. */
  blockMs?: number;
  /** Told how long each subscribe took to catch up (the `watch` operation). */
  observer?: StoreObserver;
}

export interface SubscribeOptions {
  /** Plural resource the subscriber watches (`pods`), for the observer's `watch` operation. */
  resource?: string;
}

const catchUpBatch = 1000;

export class ChangeFeed {
  private readonly subscribers = new Set<Subscriber>();
  private lastRevision = 0;
  private running = false;
  private loop?: Promise<void>;
  private readonly blockMs: number;

  /** `reader` must be a dedicated connection: it blocks in XREAD. */
  constructor(
    private readonly reader: Redis,
    private readonly redis: Redis,
    private readonly keys: StoreKeys,
    private readonly options: ChangeFeedOptions = {},
  ) {
    this.blockMs = options.blockMs ?? 1000;
  }

  /** The newest revision this feed has delivered (for BOOKMARK events). */
  get revision(): number {
    return this.lastRevision;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const last = (await this.redis.xrevrange(this.keys.changeLog, '+', '-', 'COUNT', 1)) as StreamEntry[];
    this.lastRevision = last.length ? revisionOf(last[0][0]) : 0;
    this.running = true;
    this.loop = this.readLoop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.reader.disconnect();
    await this.loop?.catch(() => undefined);
    this.subscribers.clear();
  }

  /**
   * Delivers every change with revision > `fromRevision`. Rejects with 410 Gone when the change
   * log was trimmed past it. Resolves once the subscriber is live (caught up).
   */
  subscribe(
    fromRevision: number,
    listener: ChangeListener,
    options: SubscribeOptions = {},
  ): Promise<Subscription> {
    // Without a resource the watch is not attributed to one, so it is not reported.
    const observer = options.resource === undefined ? undefined : this.options.observer;
    return observed(observer, 'watch', options.resource ?? '', () =>
      this.startSubscriber(fromRevision, listener),
    );
  }

  private async startSubscriber(fromRevision: number, listener: ChangeListener): Promise<Subscription> {
    const subscriber: Subscriber = { listener, delivered: fromRevision, pending: [] };
    const caughtUpTo = this.lastRevision;
    this.subscribers.add(subscriber);
    const subscription = { close: () => this.subscribers.delete(subscriber) };
    try {
      if (fromRevision < caughtUpTo) await this.catchUp(subscriber, fromRevision, caughtUpTo);
    } catch (error) {
      subscription.close();
      throw error;
    }
    const pending = subscriber.pending ?? [];
    subscriber.pending = null;
    for (const event of pending) this.deliver(subscriber, event);
    return subscription;
  }

  private async catchUp(subscriber: Subscriber, from: number, to: number): Promise<void> {
    const [first] = (await this.redis.xrange(this.keys.changeLog, '-', '+', 'COUNT', 1)) as StreamEntry[];
    if (!first || revisionOf(first[0]) > from + 1) {
      throw ApiError.gone(`too old resource version: ${from} (${first ? revisionOf(first[0]) - 1 : to})`);
    }
    let start = `${from + 1}-0`;
    for (;;) {
      const entries = (await this.redis.xrange(
        this.keys.changeLog,
        start,
        `${to}-0`,
        'COUNT',
        catchUpBatch,
      )) as StreamEntry[];
      for (const [id, fields] of entries) this.deliver(subscriber, decodeChangeEntry(id, fields));
      if (entries.length < catchUpBatch) return;
      start = `(${entries[entries.length - 1][0]}`;
    }
  }

  private deliver(subscriber: Subscriber, event: ChangeEvent): void {
    if (event.revision <= subscriber.delivered) return;
    subscriber.delivered = event.revision;
    try {
      subscriber.listener(event);
    } catch {
      // A broken listener must not stop the feed for everyone else: drop it.
      this.subscribers.delete(subscriber);
    }
  }

  private async readLoop(): Promise<void> {
    while (this.running) {
      let reply: [string, StreamEntry[]][] | null;
      try {
        reply = (await this.reader.xread(
          'COUNT',
          catchUpBatch,
          'BLOCK',
          this.blockMs,
          'STREAMS',
          this.keys.changeLog,
          `${this.lastRevision}-0`,
        )) as [string, StreamEntry[]][] | null;
      } catch {
        if (!this.running) return;
        await new Promise((r) => setTimeout(r, 200)); // Redis away: ioredis reconnects; try again shortly
        continue;
      }
      for (const [id, fields] of reply?.[0]?.[1] ?? []) {
        const event = decodeChangeEntry(id, fields);
        this.lastRevision = event.revision;
        for (const subscriber of this.subscribers) {
          if (subscriber.pending) subscriber.pending.push(event);
          else this.deliver(subscriber, event);
        }
      }
    }
  }
}

function revisionOf(id: string): number {
  return Number(id.slice(0, id.indexOf('-')));
}
