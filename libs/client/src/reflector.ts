/**
 * List, then watch from the list's resourceVersion (client-go's reflector.go). Bookmarks move the
 * resourceVersion forward; a watch the server ends (timeout) or a dropped connection resumes
 * from the last resourceVersion seen, so no event is lost; 410 Gone means the history is gone,
 * so it lists again at once and the sink works out what changed.
 */
import { ApiError } from '@orchestra/api';
import type { Logger } from '@orchestra/observability';
import { Backoff, BackoffOptions } from './backoff';
import { Clock, systemClock } from './clock';
import { ApiObject } from './lister';
import { ResourceClient, SelectorOptions, TracedWatchEvent } from './resource-client';

export interface ReflectorSink<T> {
  /** The full current state, from a (re)list. */
  replace(items: T[]): void;
  /** One ADDED, MODIFIED or DELETED event, with its change's trace context when there is one. */
  apply(event: TracedWatchEvent<T>): void;
}

export interface ReflectorOptions extends SelectorOptions {
  /** Items per list page (500, as client-go). */
  pageSize?: number;
  /** Asked of the server per watch; by default 5–10 minutes at random, as client-go. */
  watchTimeoutSeconds?: number;
  backoff?: BackoffOptions;
  clock?: Clock;
  logger?: Logger;
}

/** A watch that ends this fast without a single event is treated as a failure (back off). */
const shortWatchMs = 500;

export class Reflector<T extends ApiObject> {
  /** The last resourceVersion seen: where the next watch starts. */
  resourceVersion = '';

  constructor(
    private readonly client: ResourceClient<T>,
    private readonly sink: ReflectorSink<T>,
    private readonly options: ReflectorOptions = {},
  ) {}

  /** Runs until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const clock = this.options.clock ?? systemClock;
    const backoff = new Backoff(this.options.backoff ?? { initialMs: 800, maxMs: 30_000 });
    let relist = true;
    while (!signal.aborted) {
      try {
        if (relist) {
          await this.list(signal);
          relist = false;
        }
        const started = clock.now();
        let events = 0;
        await this.client.watch(
          {
            ...this.selectors(),
            resourceVersion: this.resourceVersion,
            allowWatchBookmarks: true,
            traceContext: true,
            timeoutSeconds: this.options.watchTimeoutSeconds ?? Math.floor(300 * (1 + Math.random())),
          },
          (event) => {
            events++;
            this.handle(event);
          },
          signal,
        );
        if (events === 0 && clock.now() - started < shortWatchMs) await clock.sleep(backoff.next(), signal);
        else backoff.reset();
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ApiError && error.code === 410) {
          this.options.logger?.info('watch history expired; relisting', this.context(error));
          relist = true;
          continue;
        }
        this.options.logger?.warn(relist ? 'list failed' : 'watch failed', this.context(error));
        await clock.sleep(backoff.next(), signal);
      }
    }
  }

  private async list(signal: AbortSignal): Promise<void> {
    const { items, resourceVersion } = await this.client.listAll(
      { ...this.selectors(), limit: this.options.pageSize ?? 500 },
      { signal },
    );
    if (signal.aborted) return;
    this.sink.replace(items);
    this.resourceVersion = resourceVersion;
  }

  private handle(event: TracedWatchEvent<T>): void {
    const resourceVersion = event.object.metadata?.resourceVersion;
    if (event.type !== 'BOOKMARK') this.sink.apply(event);
    if (resourceVersion) this.resourceVersion = resourceVersion;
  }

  private selectors(): SelectorOptions {
    const { namespace, labelSelector, fieldSelector } = this.options;
    return { namespace, labelSelector, fieldSelector };
  }

  private context(error: unknown): Record<string, unknown> {
    return { resource: this.client.def.plural, resourceVersion: this.resourceVersion, error };
  }
}
