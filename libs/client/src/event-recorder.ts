/**
 * Records core/v1 Events about objects (client-go's EventRecorder with its correlator): what
 * `kubectl describe` shows. Best effort: a failure is logged, never thrown to the caller.
 */
import { randomBytes } from 'node:crypto';
import { ApiError, builtinResources, Event } from '@orchestra/api';
import { createLogger, Logger, objectRef } from '@orchestra/observability';
import { ApiClient } from './api-client';
import { Clock, systemClock } from './clock';
import { EventCache } from './event-cache';
import { ApiObject } from './lister';
import { RequestOptions, ResourceClient } from './resource-client';

export interface EventRecorderOptions {
  client: ApiClient;
  /** `source.component` and `reportingComponent`: `kube-scheduler`, `replicaset-controller`. */
  component: string;
  /** `source.host`: the node, for the kubelet. */
  host?: string;
  logger?: Logger;
  clock?: Clock;
  /** The component's shutdown: aborts the writes still queued or retrying, which are dropped quietly. */
  signal?: AbortSignal;
}

type EventType = 'Normal' | 'Warning';

const eventsDef = builtinResources.find((d) => d.kind === 'Event')!;

/** metav1.Time: RFC 3339 in whole seconds. */
const timestamp = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class EventRecorder {
  private readonly events: ResourceClient<Event>;
  private readonly cache = new EventCache();
  /** Writes of the same event run one after another, so the second one sees the first. */
  private readonly pending = new Map<string, Promise<void>>();
  private readonly logger: Logger;
  private readonly clock: Clock;

  constructor(private readonly options: EventRecorderOptions) {
    this.events = options.client.resource<Event>(eventsDef);
    this.logger = options.logger ?? createLogger({ component: options.component });
    this.clock = options.clock ?? systemClock;
  }

  normal(object: ApiObject, reason: string, message: string, options?: RequestOptions): Promise<void> {
    return this.record(object, 'Normal', reason, message, options);
  }

  warning(object: ApiObject, reason: string, message: string, options?: RequestOptions): Promise<void> {
    return this.record(object, 'Warning', reason, message, options);
  }

  /** Resolves once written (or given up on); never rejects. */
  record(
    object: ApiObject,
    type: EventType,
    reason: string,
    message: string,
    options: RequestOptions = {},
  ): Promise<void> {
    const now = this.clock.now(); // when it happened, not when the write gets its turn
    // As Kubernetes' event broadcaster logs each event ("Event occurred"): here in the caller's
    // span, so that a trace's log lines tell its story in Loki next to its spans.
    // The text goes under events.k8s.io/v1's name for it, `note`: `message` is the log line's own.
    this.logger.info('Event occurred', { object: objectRef(object), type, reason, note: message });
    const event = this.eventFor(object, type, reason, message);
    // client-go's getEventKey: the involved object without its resourceVersion, so the same
    // event about an object that has changed since is still the same event.
    const { kind, namespace, name, uid, apiVersion } = event.involvedObject;
    const key = JSON.stringify([
      kind,
      namespace,
      name,
      uid,
      apiVersion,
      reason,
      message,
      type,
      this.options.component,
      this.options.host ?? '',
    ]);
    const previous = this.pending.get(key) ?? Promise.resolve();
    const { signal } = this.options;
    const next = previous
      .then(() => this.write(key, event, now, signal ? { signal, ...options } : options))
      .catch((error: unknown) => {
        if (signal?.aborted) return;
        this.logger.warn('could not record event', { object: objectRef(object), reason, error });
      });
    this.pending.set(key, next);
    void next.then(() => this.pending.get(key) === next && this.pending.delete(key));
    return next;
  }

  private async write(key: string, event: Event, now: number, options: RequestOptions): Promise<void> {
    const seen = this.cache.get(key, now);
    if (seen) {
      try {
        const patch = { count: seen.count + 1, lastTimestamp: timestamp(now) };
        await this.events.patch(seen.name, seen.namespace, patch, 'merge', options);
        this.cache.set(key, { ...seen, count: seen.count + 1, lastSeenMs: now });
        return;
      } catch (error) {
        // The Event expired or was deleted: write a new one.
        if (!(error instanceof ApiError && error.code === 404)) throw error;
        this.cache.delete(key);
      }
    }
    const stamped = { ...event, firstTimestamp: timestamp(now), lastTimestamp: timestamp(now), count: 1 };
    const created = await this.events.create(stamped, options);
    this.cache.set(key, {
      name: created.metadata.name!,
      namespace: created.metadata.namespace!,
      count: 1,
      lastSeenMs: now,
    });
  }

  private eventFor(object: ApiObject, type: EventType, reason: string, message: string): Event {
    const { name = '', namespace, uid, resourceVersion } = object.metadata;
    return {
      apiVersion: 'v1',
      kind: 'Event',
      // Events about cluster-scoped objects (Nodes, Namespaces) live in `default`, as in Kubernetes.
      metadata: { name: `${name}.${randomBytes(8).toString('hex')}`, namespace: namespace || 'default' },
      involvedObject: {
        kind: object.kind,
        namespace,
        name,
        uid,
        apiVersion: object.apiVersion,
        resourceVersion,
      },
      reason,
      message,
      type,
      source: {
        component: this.options.component,
        ...(this.options.host ? { host: this.options.host } : {}),
      },
      reportingComponent: this.options.component,
      reportingInstance: this.options.host ?? '',
    };
  }
}
