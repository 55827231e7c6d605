/**
 * Every verb of one resource type (client-go's typed clients, in one generic class): paths are
 * built from the ResourceDefinition, errors are ApiErrors rebuilt from the server's Status.
 */
import {
  apiVersionOf,
  DeleteOptions,
  KubeList,
  ResourceDefinition,
  Status,
  WatchEvent,
} from '@orchestra/api';
import { watchTraceContextHeader } from '@orchestra/observability';
import { HttpTransport } from './http-transport';
import { ApiObject } from './lister';
import { readWatchStream } from './watch-stream';

export interface RequestOptions {
  /** W3C trace context of the caller's span, carried to the apiserver. */
  traceparent?: string;
  signal?: AbortSignal;
}

export interface SelectorOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface ListOptions extends SelectorOptions {
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

export interface ListResult<T> {
  items: T[];
  resourceVersion: string;
  continue?: string;
}

export interface WatchOptions extends SelectorOptions {
  resourceVersion: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
  /**
   * Ask Orchestra's apiserver for each change's trace context (`traceparent` on the events):
   * sent as a header, as no Kubernetes query parameter means it.
   */
  traceContext?: boolean;
}

/** A watch event with the trace context of its change, when the watch asked and there was one. */
export type TracedWatchEvent<T> = WatchEvent<T> & { traceparent?: string };

export type PatchType = 'merge' | 'json' | 'strategic';

const patchContentTypes: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

export class ResourceClient<T extends ApiObject> {
  constructor(
    private readonly http: HttpTransport,
    readonly def: ResourceDefinition,
  ) {}

  /** `/api/v1/namespaces/ns/pods/name/status`, leaving out what is not given. */
  path(namespace?: string, name?: string, subresource?: string): string {
    const { group, version, plural, namespaced } = this.def;
    let path = group ? `/apis/${group}/${version}` : `/api/${version}`;
    if (namespaced && namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
    path += `/${plural}`;
    if (name !== undefined) path += `/${encodeURIComponent(name)}`;
    if (subresource) path += `/${subresource}`;
    return path;
  }

  get(name: string, namespace?: string, options: RequestOptions = {}): Promise<T> {
    return this.http.json<T>({ method: 'GET', path: this.path(namespace, name), ...options });
  }

  async list(options: ListOptions = {}, request: RequestOptions = {}): Promise<ListResult<T>> {
    const { namespace, ...query } = options;
    const list = await this.http.json<KubeList>({
      method: 'GET',
      path: this.path(namespace),
      query: { ...query },
      ...request,
    });
    const items = list.items as unknown as T[];
    const kind = this.def.kind;
    const apiVersion = apiVersionOf(this.def);
    // Lists leave kind/apiVersion off their items (as Kubernetes does); put them back for callers.
    for (const item of items) {
      item.kind ??= kind;
      item.apiVersion ??= apiVersion;
    }
    return {
      items,
      resourceVersion: list.metadata?.resourceVersion ?? '',
      ...(list.metadata?.continue ? { continue: list.metadata.continue } : {}),
    };
  }

  /** Every page (`limit` each, 500 by default); the resourceVersion is the first page's. */
  async listAll(
    options: Omit<ListOptions, 'continue'> = {},
    request: RequestOptions = {},
  ): Promise<ListResult<T>> {
    const first = await this.list({ limit: 500, ...options }, request);
    const items = [...first.items];
    for (let next = first.continue; next;) {
      const page = await this.list({ ...options, limit: options.limit ?? 500, continue: next }, request);
      items.push(...page.items);
      next = page.continue;
    }
    return { items, resourceVersion: first.resourceVersion };
  }

  create(object: T, options: RequestOptions = {}): Promise<T> {
    return this.http.json<T>({
      method: 'POST',
      path: this.path(this.namespaceOf(object)),
      body: this.typed(object),
      ...options,
    });
  }

  update(object: T, options: RequestOptions = {}): Promise<T> {
    return this.put(object, undefined, options);
  }

  updateStatus(object: T, options: RequestOptions = {}): Promise<T> {
    return this.put(object, 'status', options);
  }

  /** PUT of another subresource that takes the whole object (namespaces/{name}/finalize). */
  updateSubresource(object: T, subresource: string, options: RequestOptions = {}): Promise<T> {
    return this.put(object, subresource, options);
  }

  patch(
    name: string,
    namespace: string | undefined,
    body: unknown,
    type: PatchType,
    options: RequestOptions = {},
  ): Promise<T> {
    return this.sendPatch(name, namespace, body, type, undefined, options);
  }

  patchStatus(
    name: string,
    namespace: string | undefined,
    body: unknown,
    type: PatchType,
    options: RequestOptions = {},
  ): Promise<T> {
    return this.sendPatch(name, namespace, body, type, 'status', options);
  }

  /** The object (still terminating, or as deleted) or a Success Status, as the server answers. */
  delete(
    name: string,
    namespace?: string,
    deleteOptions?: DeleteOptions,
    options: RequestOptions = {},
  ): Promise<T | Status> {
    return this.http.json<T | Status>({
      method: 'DELETE',
      path: this.path(namespace, name),
      body: deleteOptions ? { apiVersion: 'v1', kind: 'DeleteOptions', ...deleteOptions } : undefined,
      ...options,
    });
  }

  /** Deletes every object matching the selectors; returns them. */
  async deleteCollection(
    selectors: SelectorOptions = {},
    deleteOptions?: DeleteOptions,
    options: RequestOptions = {},
  ): Promise<T[]> {
    const { namespace, ...query } = selectors;
    const list = await this.http.json<KubeList>({
      method: 'DELETE',
      path: this.path(namespace),
      query: { ...query },
      body: deleteOptions ? { apiVersion: 'v1', kind: 'DeleteOptions', ...deleteOptions } : undefined,
      ...options,
    });
    return (list.items ?? []) as unknown as T[];
  }

  /**
   * Streams changes after `resourceVersion` to `onEvent`, in order. Resolves when the server ends
   * the stream (timeoutSeconds) or `signal` aborts; rejects with ApiError 410 when the
   * resourceVersion is too old (as an HTTP 410 or an ERROR event), or on a dropped connection.
   */
  async watch(
    options: WatchOptions,
    onEvent: (event: TracedWatchEvent<T>) => void,
    signal?: AbortSignal,
    request: Omit<RequestOptions, 'signal'> = {},
  ): Promise<void> {
    const { namespace, traceContext, ...query } = options;
    let res: Response;
    try {
      res = await this.http.open({
        method: 'GET',
        path: this.path(namespace),
        query: { ...query, watch: true },
        headers: traceContext ? { [watchTraceContextHeader]: 'true' } : undefined,
        signal,
        ...request,
      });
    } catch (error) {
      if (signal?.aborted) return;
      throw error;
    }
    await readWatchStream(res, onEvent, signal);
  }

  private put(object: T, subresource: string | undefined, options: RequestOptions): Promise<T> {
    return this.http.json<T>({
      method: 'PUT',
      path: this.path(this.namespaceOf(object), object.metadata.name, subresource),
      body: this.typed(object),
      ...options,
    });
  }

  private sendPatch(
    name: string,
    namespace: string | undefined,
    body: unknown,
    type: PatchType,
    subresource: string | undefined,
    options: RequestOptions,
  ): Promise<T> {
    return this.http.json<T>({
      method: 'PATCH',
      path: this.path(namespace, name, subresource),
      body,
      contentType: patchContentTypes[type],
      ...options,
    });
  }

  /** Namespaced objects without a namespace go to `default`, as kubectl sends them. */
  private namespaceOf(object: T): string | undefined {
    return this.def.namespaced ? (object.metadata.namespace ?? 'default') : undefined;
  }

  private typed(object: T): T {
    return {
      ...object,
      apiVersion: object.apiVersion ?? apiVersionOf(this.def),
      kind: object.kind ?? this.def.kind,
    };
  }
}
