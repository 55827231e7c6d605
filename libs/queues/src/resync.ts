/**
 * Periodic resync (client-go's informer resync period): every period, re-enqueue every key the
 * caller lists, so a job lost to a crash or a dropped requeue delays healing but never prevents it.
 * Deduplication makes it cheap: a key that is already waiting is not added twice, and one being
 * reconciled is left alone (a background add never replaces the change its reconcile remembered).
 */
import { WorkQueue } from './work-queue';

export interface ResyncOptions {
  /** Lists the keys to re-enqueue, typically from the informer cache. */
  listKeys: () => string[] | Promise<string[]>;
  periodMs?: number;
  /** Up to this fraction of the period is added at random, so replicas do not resync in step. */
  jitter?: number;
  onError?: (error: unknown) => void;
  random?: () => number;
}

export class PeriodicResync {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly queue: Pick<WorkQueue, 'addMany'>,
    private readonly options: ResyncOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  /** One resync now; also what each tick runs. Returns how many keys were enqueued. */
  async resyncNow(): Promise<number> {
    const keys = await this.options.listKeys();
    await this.queue.addMany(keys.map((key) => ({ key, background: true })));
    return keys.length;
  }

  private schedule(): void {
    const { periodMs = 30_000, jitter = 0.1, random = Math.random } = this.options;
    const delay = periodMs * (1 + jitter * random());
    this.timer = setTimeout(() => {
      this.resyncNow()
        .catch((error) => this.options.onError?.(error))
        .finally(() => this.running && this.schedule());
    }, delay);
    this.timer.unref();
  }
}
