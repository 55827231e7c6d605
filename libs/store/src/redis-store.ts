/**
 * The cluster's etcd: objects in Redis under etcd-like keys, every write a compare-and-swap on
 * resourceVersion done atomically with its change-log append (see store-scripts.ts). Only the
 * apiserver uses this class.
 */
import { ApiError, groupResourceOf, KubeObject, ResourceDefinition } from '@orchestra/api';
import Redis from 'ioredis';
import { decodeObject, withResourceVersion } from './change-event';
import { decodeContinue, encodeContinue } from './continue-token';
import { createScript, deleteScript, listScript, updateScript } from './store-scripts';
import { objectMember, resourceSegment, StoreKeys } from './store-keys';
import { observed, StoreObserver } from './store-observer';

export interface StoreOptions {
  keyPrefix?: string;
  /** Approximate number of changes the change log keeps; older resourceVersions get 410 Gone. */
  changeLogMaxLength?: number;
  /** Told of every operation and conflict (the apiserver's store metrics). */
  observer?: StoreObserver;
}

export interface WriteOptions {
  /** W3C traceparent of the request, stored with the change so the trace continues downstream. */
  traceparent?: string;
}

export interface ListOptions {
  namespace?: string;
  limit?: number;
  continue?: string;
  /** Server-side filter (label and field selectors); the page is filled with matching objects. */
  predicate?: (object: KubeObject) => boolean;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
}

/** Called with the current object (a private copy); returns the new object, or the same to skip writing. */
export type UpdateFn = (current: KubeObject) => KubeObject | Promise<KubeObject>;

type ScriptReply = [number, string?];

interface StoreRedis extends Redis {
  storeCreate(...args: (string | number)[]): Promise<ScriptReply>;
  storeUpdate(...args: (string | number)[]): Promise<ScriptReply>;
  storeDelete(...args: (string | number)[]): Promise<ScriptReply>;
  storeList(...args: (string | number)[]): Promise<string[]>;
}

const pageScanSize = 500;
/** Kubernetes retries without bound; we stop eventually, with jitter so contenders spread out. */
const maxUpdateAttempts = 64;

export class RedisStore {
  readonly keys: StoreKeys;
  readonly observer?: StoreObserver;
  private readonly redis: StoreRedis;
  private readonly maxLen: number;

  constructor(redis: Redis, options: StoreOptions = {}) {
    this.keys = new StoreKeys(options.keyPrefix);
    this.maxLen = options.changeLogMaxLength ?? 10_000;
    this.observer = options.observer;
    this.redis = redis as StoreRedis;
    this.redis.defineCommand('storeCreate', { numberOfKeys: 4, lua: createScript });
    this.redis.defineCommand('storeUpdate', { numberOfKeys: 4, lua: updateScript });
    this.redis.defineCommand('storeDelete', { numberOfKeys: 4, lua: deleteScript });
    this.redis.defineCommand('storeList', { numberOfKeys: 2, lua: listScript });
  }

  async currentRevision(): Promise<number> {
    return Number((await this.redis.get(this.keys.revision)) ?? 0);
  }

  async get(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
  ): Promise<KubeObject | undefined> {
    const key = this.keys.object(resourceSegment(def), objectMember(namespace, name));
    const [rv, json] = await observed(this.observer, 'get', def.plural, () =>
      this.redis.hmget(key, 'rv', 'v'),
    );
    return rv && json ? decodeObject(json, rv) : undefined;
  }

  /**
   * The stored JSON with its resourceVersion spliced in, without parsing: a plain GET answers
   * with it as is, which spares a parse and a serialization on the hottest read path.
   */
  async getJson(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
  ): Promise<string | undefined> {
    const key = this.keys.object(resourceSegment(def), objectMember(namespace, name));
    const [rv, json] = await observed(this.observer, 'get', def.plural, () =>
      this.redis.hmget(key, 'rv', 'v'),
    );
    return rv && json ? withResourceVersion(json, rv) : undefined;
  }

  /** Creates the object (name and namespace already set); 409 AlreadyExists if the key is taken. */
  async create(def: ResourceDefinition, object: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    const { segment, member } = this.locate(def, object);
    const body = serialize(object);
    const [rev] = await observed(this.observer, 'create', def.plural, () =>
      this.redis.storeCreate(
        this.keys.object(segment, member),
        this.keys.index(segment),
        this.keys.revision,
        this.keys.changeLog,
        member,
        body,
        options.traceparent ?? '',
        this.maxLen,
        segment,
      ),
    );
    if (rev === -1) throw ApiError.alreadyExists(groupResourceOf(def), object.metadata.name ?? '');
    return decodeObject(body, rev);
  }

  /**
   * Compare-and-swap: writes `object` if the stored resourceVersion equals `expectedRv` (or
   * unconditionally when it is undefined). 409 Conflict on a stale resourceVersion.
   */
  async update(
    def: ResourceDefinition,
    object: KubeObject,
    expectedRv: string | undefined,
    options: WriteOptions = {},
  ): Promise<KubeObject> {
    const { segment, member } = this.locate(def, object);
    const body = serialize(object);
    const [rev] = await observed(this.observer, 'update', def.plural, () =>
      this.redis.storeUpdate(
        this.keys.object(segment, member),
        this.keys.index(segment),
        this.keys.revision,
        this.keys.changeLog,
        member,
        body,
        expectedRv ?? '',
        options.traceparent ?? '',
        this.maxLen,
        segment,
      ),
    );
    const name = object.metadata.name ?? '';
    if (rev === -2) throw ApiError.notFound(groupResourceOf(def), name);
    if (rev === -1) throw this.staleResourceVersion(def, name);
    return decodeObject(body, rev);
  }

  /**
   * Read-modify-write with retries, as Kubernetes' GuaranteedUpdate: `fn` sees the current object
   * and returns the new one. With `expectedRv` a stale read is a 409 for the caller instead of a
   * retry. Returns the current object untouched (no new revision) when `fn` changes nothing.
   */
  async guaranteedUpdate(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    fn: UpdateFn,
    options: WriteOptions & { expectedRv?: string } = {},
  ): Promise<{ object: KubeObject; changed: boolean }> {
    for (let attempt = 0; attempt < maxUpdateAttempts; attempt++) {
      const current = await this.get(def, namespace, name);
      if (!current) throw ApiError.notFound(groupResourceOf(def), name);
      const currentRv = current.metadata.resourceVersion!;
      if (options.expectedRv !== undefined && options.expectedRv !== currentRv) {
        throw this.staleResourceVersion(def, name);
      }
      const next = await fn(structuredClone(current));
      if (serialize(next) === serialize(current)) return { object: current, changed: false };
      try {
        return { object: await this.update(def, next, currentRv, options), changed: true };
      } catch (error) {
        const retriable =
          error instanceof ApiError && error.reason === 'Conflict' && options.expectedRv === undefined;
        if (!retriable) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(attempt + 1, 10)));
      }
    }
    throw ApiError.conflict(groupResourceOf(def), name, 'too many concurrent updates; try again');
  }

  /** Removes the object if its resourceVersion is `expectedRv` (any when undefined); returns its last state. */
  async delete(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    expectedRv: string | undefined,
    options: WriteOptions = {},
  ): Promise<KubeObject> {
    const segment = resourceSegment(def);
    const member = objectMember(namespace, name);
    const [rev, body] = await observed(this.observer, 'delete', def.plural, () =>
      this.redis.storeDelete(
        this.keys.object(segment, member),
        this.keys.index(segment),
        this.keys.revision,
        this.keys.changeLog,
        member,
        expectedRv ?? '',
        options.traceparent ?? '',
        this.maxLen,
        segment,
      ),
    );
    if (rev === -2) throw ApiError.notFound(groupResourceOf(def), name);
    if (rev === -1) throw this.staleResourceVersion(def, name);
    return decodeObject(body!, rev);
  }

  /**
   * Lists objects in key order. Each page is read atomically; a continued list reports the first
   * page's resourceVersion (so a watch from it replays anything that changed in between).
   */
  list(def: ResourceDefinition, options: ListOptions = {}): Promise<ListResult> {
    return observed(this.observer, 'list', def.plural, () => this.listPages(def, options));
  }

  /**
   * Objects stored per resource, by plural name: the size of each resource's index, read in one
   * round trip (ZCARD is O(1), so this stays cheap however many objects there are).
   */
  async countObjects(defs: readonly ResourceDefinition[]): Promise<Map<string, number>> {
    const pipeline = this.redis.pipeline();
    for (const def of defs) pipeline.zcard(this.keys.index(resourceSegment(def)));
    const replies = (await pipeline.exec()) ?? [];
    const counts = new Map<string, number>();
    defs.forEach((def, i) => {
      const [error, count] = replies[i] ?? [new Error('no reply')];
      if (error) throw error;
      counts.set(def.plural, Number(count));
    });
    return counts;
  }

  private async listPages(def: ResourceDefinition, options: ListOptions): Promise<ListResult> {
    const segment = resourceSegment(def);
    const scope = options.namespace ? `${options.namespace}/` : '';
    const token = options.continue ? decodeContinue(options.continue) : undefined;
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    const items: KubeObject[] = [];
    let min = token ? `(${token.start}` : `[${scope}`;
    const max = scope ? `[${scope}\xff` : '+';
    let resourceVersion = token?.rv;
    let lastMember: string | undefined;
    let hasMore = true;
    while (hasMore && items.length < limit) {
      const count = Number.isFinite(limit) ? Math.max(pageScanSize, limit - items.length) : 100_000;
      const reply = await this.redis.storeList(
        this.keys.index(segment),
        this.keys.revision,
        this.keys.objectPrefix(segment),
        min,
        max,
        count,
      );
      resourceVersion ??= reply[0];
      hasMore = Number(reply[1]) === 1;
      for (let i = 2; i + 2 < reply.length; i += 3) {
        if (items.length >= limit) {
          hasMore = true;
          break;
        }
        lastMember = reply[i];
        const object = decodeObject(reply[i + 2], reply[i + 1]);
        if (!options.predicate || options.predicate(object)) items.push(object);
      }
      if (lastMember !== undefined) min = `(${lastMember}`;
      else break;
    }
    return {
      items,
      resourceVersion: resourceVersion ?? '0',
      continue:
        hasMore && lastMember !== undefined
          ? encodeContinue({ rv: resourceVersion!, start: lastMember })
          : undefined,
    };
  }

  private staleResourceVersion(def: ResourceDefinition, name: string): ApiError {
    this.observer?.conflict(def.plural);
    return ApiError.staleResourceVersion(groupResourceOf(def), name);
  }

  private locate(def: ResourceDefinition, object: KubeObject): { segment: string; member: string } {
    const name = object.metadata.name;
    if (!name) throw ApiError.badRequest('metadata.name is required');
    return {
      segment: resourceSegment(def),
      member: objectMember(def.namespaced ? object.metadata.namespace : undefined, name),
    };
  }
}

/** Stored form: the object without resourceVersion (the store keeps that beside the body). */
function serialize(object: KubeObject): string {
  const { resourceVersion: _rv, ...metadata } = object.metadata;
  // apiVersion, kind and metadata first: withResourceVersion() relies on that order.
  const { apiVersion, kind, metadata: _m, ...rest } = object;
  return JSON.stringify({ apiVersion, kind, metadata, ...rest });
}
