/**
 * The watch API (`?watch=true`): a chunked stream of newline-delimited `{type, object}` events,
 * a view of the change log. Starts from a resourceVersion (410 Gone when the log no longer
 * reaches back that far), or from a fresh list sent as ADDED events; sends BOOKMARKs when asked;
 * ends at `timeoutSeconds` (default: a random 30–60 minutes, as Kubernetes). An Orchestra client
 * that sends `watchTraceContextHeader` also gets each change's stored `traceparent` on its event,
 * so the work its informer's handlers start joins the trace of the request that made the change.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ApiError, KubeObject, ResourceDefinition, WatchEvent, apiVersionOf } from '@orchestra/api';
import { watchTraceContextHeader } from '@orchestra/observability';
import { ChangeEvent, ChangeFeed, RedisStore, resourceSegment, Subscription } from '@orchestra/store';
import type { Request, Response } from 'express';
import { ApiserverConfig } from '../apiserver.config';
import { ListQuery } from '../http/list-query';
import { negotiateTable, toTable } from '../printers';
import { filterChange } from './watch-event-filter';

/** A watch event, with the change's trace context for the clients that asked for it. */
type TracedWatchEvent = WatchEvent & { traceparent?: string };

/** A client this far behind is cut off; it re-watches from its last resourceVersion. */
const maxBufferedBytes = 16 * 1024 * 1024;

@Injectable()
export class WatchHandler {
  constructor(
    @Inject(RedisStore) private readonly store: RedisStore,
    @Inject(ChangeFeed) private readonly feed: ChangeFeed,
    @Inject(ApiserverConfig) private readonly config: ApiserverConfig,
  ) {}

  async serve(
    def: ResourceDefinition,
    namespace: string | undefined,
    pathName: string | undefined,
    q: ListQuery,
    req: Request,
    res: Response,
  ): Promise<void> {
    const name = pathName ?? q.singleName;
    const segment = resourceSegment(def);
    const scope = namespace ? `${namespace}/` : undefined;
    const inScope = (event: ChangeEvent) =>
      event.resource === segment &&
      (!scope || event.member.startsWith(scope)) &&
      (name === undefined || event.object.metadata.name === name);
    const table = negotiateTable(req.headers.accept);
    const tableType = table?.mediaType;
    const includeObject = (new URL(req.url, 'http://localhost').searchParams.get('includeObject') ??
      'Metadata') as 'None' | 'Metadata' | 'Object';
    const withTraceContext = req.headers[watchTraceContextHeader] === 'true';
    const encode = (event: TracedWatchEvent): string => {
      const object =
        tableType && event.type !== 'BOOKMARK' && event.type !== 'ERROR'
          ? toTable([event.object], def, {
              now: new Date(),
              includeObject,
              apiVersion: table!.apiVersion,
              listMeta: { resourceVersion: event.object.metadata.resourceVersion },
            })
          : event.object;
      const traceparent = event.traceparent ? { traceparent: event.traceparent } : {};
      return `${JSON.stringify({ type: event.type, object, ...traceparent })}\n`;
    };

    let closed = false;
    let subscription: Subscription | undefined;
    const timers: NodeJS.Timeout[] = [];
    const finish = () => {
      if (closed) return;
      closed = true;
      subscription?.close();
      timers.forEach((t) => clearTimeout(t));
      if (!res.writableEnded) res.end();
    };
    const send = (event: TracedWatchEvent) => {
      if (closed) return;
      if (!res.headersSent) this.startStream(res, tableType);
      res.write(encode(event));
      if (res.writableLength > maxBufferedBytes) finish();
    };
    req.on('close', finish);

    const bookmark = (resourceVersion: string, annotations?: Record<string, string>) =>
      send({
        type: 'BOOKMARK',
        object: {
          kind: def.kind,
          apiVersion: apiVersionOf(def),
          metadata: { resourceVersion, ...(annotations ? { annotations } : {}) },
        },
      });

    // Where the stream starts: a client's resourceVersion, or a fresh list sent as ADDED events.
    const fromList = q.sendInitialEvents === true || !q.resourceVersion || q.resourceVersion === '0';
    if (q.sendInitialEvents && !q.allowWatchBookmarks) {
      throw ApiError.invalid('ListOptions', 'meta.k8s.io', '', [
        {
          type: 'FieldValueForbidden',
          field: 'allowWatchBookmarks',
          detail: 'allowWatchBookmarks must be set to true when sendInitialEvents is true',
        },
      ]);
    }
    let from: number;
    if (fromList) {
      const list = await this.store.list(def, { namespace, predicate: q.predicate });
      from = Number(list.resourceVersion);
      this.startStream(res, tableType);
      for (const object of list.items)
        if (name === undefined || object.metadata.name === name) send({ type: 'ADDED', object });
      if (q.sendInitialEvents) bookmark(list.resourceVersion, { 'k8s.io/initial-events-end': 'true' });
    } else {
      from = Number(q.resourceVersion);
    }

    try {
      subscription = await this.feed.subscribe(
        from,
        (event) => {
          if (!inScope(event)) return;
          const visible = filterChange(event, q.predicate);
          if (!visible) return;
          const traced = withTraceContext && event.traceparent;
          send(traced ? { ...visible, traceparent: event.traceparent } : visible);
        },
        { resource: def.plural },
      );
    } catch (error) {
      if (!(error instanceof ApiError) || res.headersSent) {
        send({
          type: 'ERROR',
          object: (error instanceof ApiError
            ? error
            : ApiError.internal(String(error))
          ).toStatus() as unknown as KubeObject,
        });
        return finish();
      }
      throw error; // nothing sent yet: the caller answers with the Status (410 Gone)
    }
    if (closed) return subscription.close();
    if (!res.headersSent) this.startStream(res, tableType);

    if (q.allowWatchBookmarks) {
      const every = this.config.watchBookmarkIntervalMs;
      const tick = () => {
        bookmark(String(this.feed.revision));
        timers.push(setTimeout(tick, every));
      };
      timers.push(setTimeout(tick, every));
    }
    const timeoutSeconds = q.timeoutSeconds ?? 1800 + Math.floor(Math.random() * 1800);
    timers.push(setTimeout(finish, timeoutSeconds * 1000));
  }

  private startStream(res: Response, tableType: string | undefined): void {
    if (res.headersSent) return;
    res.status(200);
    res.setHeader('Content-Type', tableType ?? 'application/json');
    res.setHeader('Cache-Control', 'no-cache, private');
    res.setHeader('Transfer-Encoding', 'chunked');
    res.flushHeaders();
  }
}
