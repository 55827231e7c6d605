/**
 * A shared informer (client-go's shared_informer.go): a reflector feeding an indexed cache, and
 * handlers told about every add, update and delete. After a relist only the differences are
 * told, so handlers never miss a deletion that happened while the watch was down.
 *
 * Handlers also get the trace context of the change (the W3C traceparent the apiserver stored
 * with it), so the work they start joins the trace of the request that made it, whether it runs
 * before or instead of the dispatcher's job. A relist's differences come with none: they are
 * not one change.
 */
import { KubeObject } from '@orchestra/api';
import { createLogger, Logger } from '@orchestra/observability';
import { ApiObject, Lister, objectKey } from './lister';
import { ObjectCache } from './object-cache';
import { Reflector, ReflectorOptions } from './reflector';
import { ResourceClient, TracedWatchEvent } from './resource-client';

/** `traceparent`: the W3C trace context of the change, when the apiserver has one. */
export interface EventHandler<T> {
  onAdd?(object: T, traceparent?: string): void;
  onUpdate?(oldObject: T, newObject: T, traceparent?: string): void;
  onDelete?(object: T, traceparent?: string): void;
}

export interface InformerOptions<T = unknown> extends ReflectorOptions {
  /**
   * Client-side filter on top of the selectors: objects it rejects are neither cached nor told to
   * handlers (an object that stops passing leaves the cache as a delete). For a set no field
   * selector can express, e.g. "pods bound to any of this process's nodes".
   */
  keep?: (object: T) => boolean;
}

export class Informer<T extends ApiObject = KubeObject> {
  private readonly cache = new ObjectCache<T>();
  private readonly handlers = new Set<EventHandler<T>>();
  private readonly reflector: Reflector<T>;
  private readonly logger: Logger;
  private synced = false;
  private abort?: AbortController;
  private running?: Promise<void>;
  private waiters: { resolve(): void; reject(error: Error): void }[] = [];
  private readonly keep: (object: T) => boolean;

  constructor(
    readonly client: ResourceClient<T>,
    options: InformerOptions<T> = {},
  ) {
    this.keep = options.keep ?? (() => true);
    this.logger = options.logger ?? createLogger({ component: 'informer' });
    this.reflector = new Reflector(
      client,
      { replace: (items) => this.replace(items), apply: (event) => this.apply(event) },
      { ...options, logger: this.logger },
    );
  }

  get lister(): Lister<T> {
    return this.cache;
  }

  /** The last resourceVersion the informer has seen. */
  get resourceVersion(): string {
    return this.reflector.resourceVersion;
  }

  /**
   * Registers handlers; returns a function that removes them. A late registrant first gets an
   * add for everything already cached (synchronously, so nothing can overtake it).
   */
  addEventHandler(handler: EventHandler<T>): () => void {
    this.handlers.add(handler);
    for (const object of this.cache.list()) this.call('onAdd', () => handler.onAdd?.(object));
    return () => this.handlers.delete(handler);
  }

  start(): void {
    if (this.abort) return;
    this.abort = new AbortController();
    this.running = this.reflector.run(this.abort.signal);
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    await this.running;
    this.abort = undefined;
    for (const waiter of this.waiters.splice(0))
      waiter.reject(new Error(`informer for ${this.client.def.plural} stopped before its cache synced`));
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once the first list is in the cache; rejects after `timeoutMs` or on stop. */
  waitForSync(timeoutMs?: number): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.waiters = this.waiters.filter((w) => w !== waiter);
              reject(new Error(`cache of ${this.client.def.plural} did not sync within ${timeoutMs} ms`));
            }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private replace(items: T[]): void {
    const listed = new Set<string>();
    for (const object of items) {
      if (!this.keep(object)) continue;
      const key = objectKey(object);
      listed.add(key);
      const old = this.cache.get(key);
      if (old && old.metadata.resourceVersion === object.metadata.resourceVersion) continue;
      this.cache.upsert(object);
      if (old) this.notify('onUpdate', (h) => h.onUpdate?.(old, object));
      else this.notify('onAdd', (h) => h.onAdd?.(object));
    }
    for (const key of this.cache.keys()) {
      if (listed.has(key)) continue;
      const gone = this.cache.remove(key)!;
      this.notify('onDelete', (h) => h.onDelete?.(gone));
    }
    if (!this.synced) {
      this.synced = true;
      for (const waiter of this.waiters.splice(0)) waiter.resolve();
    }
  }

  private apply(event: TracedWatchEvent<T>): void {
    const { object, traceparent } = event;
    const key = objectKey(object);
    if (event.type === 'DELETED' || !this.keep(object)) {
      if (this.cache.remove(key)) this.notify('onDelete', (h) => h.onDelete?.(object, traceparent));
      return;
    }
    const old = this.cache.get(key);
    // A replay of something the cache already has (a list page read after the change).
    if (old && !isNewer(object.metadata.resourceVersion, old.metadata.resourceVersion)) return;
    this.cache.upsert(object);
    if (old) this.notify('onUpdate', (h) => h.onUpdate?.(old, object, traceparent));
    else this.notify('onAdd', (h) => h.onAdd?.(object, traceparent));
  }

  private notify(what: keyof EventHandler<T>, call: (handler: EventHandler<T>) => void): void {
    for (const handler of this.handlers) this.call(what, () => call(handler));
  }

  /** A failing handler must not stop the informer nor the other handlers. */
  private call(what: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.logger.error('informer event handler failed', {
        resource: this.client.def.plural,
        handler: what,
        error,
      });
    }
  }
}

/** resourceVersions are opaque, but ours are revision numbers: compare them as such. */
function isNewer(candidate: string | undefined, current: string | undefined): boolean {
  if (!candidate || !current) return true;
  if (/^\d+$/.test(candidate) && /^\d+$/.test(current)) return BigInt(candidate) > BigInt(current);
  return candidate !== current;
}
