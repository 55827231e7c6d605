/**
 * Serves one resource request (already parsed into a RequestInfo): picks the verb, calls the
 * registry, and shapes the answer (object, list, Table, Status), as Kubernetes' endpoint handlers.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  ApiError,
  apiVersionOf,
  applyPatch,
  DeleteOptions,
  KubeObject,
  ResourceCatalog,
  ResourceDefinition,
} from '@orchestra/api';
import { activeTraceparent } from '@orchestra/observability';
import type { Request, Response } from 'express';
import { TokenRequestSubresource } from '../authentication/token-request.subresource';
import { namespaceVisible, requestIdentityOf } from '../gatekeeper/request-identity';
import { PodLogProxy } from '../pod-logs/pod-log.proxy';
import { negotiateTable, toTable } from '../printers';
import { BindingSubresource } from '../registry/binding.subresource';
import { NamespaceLifecycleService } from '../registry/namespace-lifecycle.service';
import { RequestContext } from '../registry/request-context';
import { ResourceRegistry } from '../registry/resource.registry';
import { ScaleSubresource } from '../registry/scale.subresource';
import { WatchHandler } from '../watch/watch.handler';
import { sendJson, sendJsonText } from './api-response';
import { CREATE_ONLY_HANDLERS, CreateOnlyHandlers, createOnlyKey } from './create-only-resources';
import { ListQuery, parseListQuery } from './list-query';
import { readObjectBody, readOptionalObjectBody, readPatchBody } from './request-body';
import { ResourceRequestInfo } from './request-info';

@Injectable()
export class ResourceHandler {
  private readonly logs: PodLogProxy;

  constructor(
    @Inject(ResourceCatalog) private readonly catalog: ResourceCatalog,
    @Inject(ResourceRegistry) private readonly registry: ResourceRegistry,
    @Inject(ScaleSubresource) private readonly scale: ScaleSubresource,
    @Inject(BindingSubresource) private readonly binding: BindingSubresource,
    @Inject(NamespaceLifecycleService) private readonly namespaces: NamespaceLifecycleService,
    @Inject(WatchHandler) private readonly watch: WatchHandler,
    @Inject(TokenRequestSubresource) private readonly tokens: TokenRequestSubresource,
    @Inject(CREATE_ONLY_HANDLERS) private readonly createOnly: CreateOnlyHandlers,
  ) {
    this.logs = new PodLogProxy(registry, catalog);
  }

  /** The definition addressed by the request, or 404 as Kubernetes answers an unknown resource. */
  resolve(info: ResourceRequestInfo): ResourceDefinition {
    const def = this.catalog.find(info.group, info.version, info.resource);
    if (!def) throw ApiError.pathNotFound();
    if (info.namespace !== undefined && !def.namespaced) throw ApiError.pathNotFound();
    if (info.subresource && !def.subresources.includes(info.subresource as never))
      throw ApiError.pathNotFound();
    return def;
  }

  async handle(
    info: ResourceRequestInfo,
    def: ResourceDefinition,
    req: Request,
    res: Response,
    query: URLSearchParams,
  ): Promise<void> {
    const ctx: RequestContext = {
      // The request's span when tracing is on (so the change continues its trace), else the
      // caller's header as it came.
      traceparent:
        activeTraceparent() ??
        (typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined),
      dryRun: query.getAll('dryRun').includes('All'),
      now: new Date(),
      requester: requestIdentityOf(req)?.user.username,
      user: requestIdentityOf(req)?.user,
    };
    const { namespace, name } = info;
    if (def.createOnly) return this.handleCreateOnly(info, def, req, res);
    if (info.subresource) return this.handleSubresource(info, def, req, res, query, ctx);
    switch (info.verb) {
      case 'get':
        if (negotiateTable(req.headers.accept)) {
          return this.respond(req, res, def, 200, await this.registry.get(def, namespace, name!));
        }
        return sendJsonText(res, 200, await this.registry.getJson(def, namespace, name!));
      case 'list':
        return this.list(def, namespace, req, res, query);
      case 'watch':
        return this.watch.serve(def, namespace, name, this.listQuery(req, query, def), req, res);
      case 'create':
        if (name)
          throw ApiError.methodNotAllowed(`the server does not allow this method on the requested resource`);
        return this.respond(
          req,
          res,
          def,
          201,
          await this.registry.create(def, namespace, await readObjectBody(req), ctx),
        );
      case 'update': {
        const result = await this.registry.update(
          def,
          namespace,
          name!,
          await readObjectBody(req),
          'main',
          ctx,
        );
        return this.respond(req, res, def, result.created ? 201 : 200, result.object);
      }
      case 'patch': {
        const { mediaType, patch } = await readPatchBody(req);
        assertPatchSupported(mediaType);
        const object = await this.registry.modify(
          def,
          namespace,
          name!,
          (cur) => applyPatch(mediaType, cur, patch, def.kind),
          'main',
          ctx,
        );
        return this.respond(req, res, def, 200, object);
      }
      case 'delete':
        return this.delete(def, namespace, name!, req, res, query, ctx);
      case 'deletecollection':
        return this.deleteCollection(def, namespace, req, res, query, ctx);
      default:
        throw ApiError.methodNotAllowed('the server does not allow this method on the requested resource');
    }
  }

  /** A virtual kind (an access review): created, answered with its status, never stored. */
  private async handleCreateOnly(
    info: ResourceRequestInfo,
    def: ResourceDefinition,
    req: Request,
    res: Response,
  ): Promise<void> {
    const handler = this.createOnly[createOnlyKey(def)];
    if (info.verb !== 'create' || info.name || !handler)
      throw ApiError.methodNotAllowed('the server does not allow this method on the requested resource');
    const identity = requestIdentityOf(req);
    if (!identity) throw ApiError.unauthorized();
    const body = await readObjectBody(req);
    sendJson(res, 201, await handler({ namespace: info.namespace, body, user: identity.user }));
  }

  private async handleSubresource(
    info: ResourceRequestInfo,
    def: ResourceDefinition,
    req: Request,
    res: Response,
    query: URLSearchParams,
    ctx: RequestContext,
  ): Promise<void> {
    const { namespace, name, verb, subresource } = info;
    if (!name) throw ApiError.pathNotFound();
    const notAllowed = () =>
      ApiError.methodNotAllowed(`the server does not allow this method on the requested resource`);
    switch (subresource) {
      case 'status':
        if (verb === 'get')
          return this.respond(req, res, def, 200, await this.registry.get(def, namespace, name));
        if (verb === 'update') {
          const result = await this.registry.update(
            def,
            namespace,
            name,
            await readObjectBody(req),
            'status',
            ctx,
          );
          return this.respond(req, res, def, 200, result.object);
        }
        if (verb === 'patch') {
          const { mediaType, patch } = await readPatchBody(req);
          assertPatchSupported(mediaType);
          const object = await this.registry.modify(
            def,
            namespace,
            name,
            (cur) => applyPatch(mediaType, cur, patch, def.kind),
            'status',
            ctx,
          );
          return this.respond(req, res, def, 200, object);
        }
        throw notAllowed();
      case 'scale':
        if (verb === 'get') return sendJson(res, 200, await this.scale.get(def, namespace!, name));
        if (verb === 'update')
          return sendJson(
            res,
            200,
            await this.scale.update(def, namespace!, name, await readObjectBody(req), ctx),
          );
        if (verb === 'patch') {
          const { mediaType, patch } = await readPatchBody(req);
          assertPatchSupported(mediaType);
          return sendJson(res, 200, await this.scale.patch(def, namespace!, name, mediaType, patch, ctx));
        }
        throw notAllowed();
      case 'binding':
        if (verb !== 'create') throw notAllowed();
        await this.binding.bind(namespace!, name, await readObjectBody(req), ctx);
        return sendJson(res, 201, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          code: 201,
        });
      case 'finalize':
        if (verb !== 'update') throw notAllowed();
        return this.respond(
          req,
          res,
          def,
          200,
          await this.namespaces.finalize(name, await readObjectBody(req), ctx),
        );
      case 'token':
        if (verb !== 'create') throw notAllowed();
        return sendJson(
          res,
          201,
          await this.tokens.create(namespace!, name, await readObjectBody(req), ctx.now),
        );
      case 'log':
        if (verb !== 'get') throw notAllowed();
        return this.logs.serve(namespace!, name, query, req, res);
      default:
        throw ApiError.pathNotFound();
    }
  }

  /**
   * The list or watch query, narrowed to the namespaces the user may read when the request spans
   * namespaces they may not all read (the gatekeeper's namespace scope).
   */
  private listQuery(req: Request, query: URLSearchParams, def: ResourceDefinition): ListQuery {
    const q = parseListQuery(query, def);
    const scope = requestIdentityOf(req)?.namespaceScope;
    if (scope === undefined || scope === 'all') return q;
    const selected = q.predicate;
    return {
      ...q,
      predicate: (object) =>
        namespaceVisible(scope, object.metadata.namespace) && (!selected || selected(object)),
    };
  }

  private async list(
    def: ResourceDefinition,
    namespace: string | undefined,
    req: Request,
    res: Response,
    query: URLSearchParams,
  ): Promise<void> {
    const q = this.listQuery(req, query, def);
    let items: KubeObject[];
    let resourceVersion: string;
    let next: string | undefined;
    if (q.resourceVersion && q.resourceVersion !== '0') {
      const current = String(await this.registry.currentRevision());
      if (q.resourceVersionMatch === 'Exact' && q.resourceVersion !== current) {
        throw ApiError.gone(
          `too old resource version: ${q.resourceVersion} (${current}): this server keeps no snapshots of past states`,
        );
      }
      if (Number(q.resourceVersion) > Number(current)) {
        throw new ApiError(
          504,
          'Timeout',
          `Too large resource version: ${q.resourceVersion}, current: ${current}`,
          {
            causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
            retryAfterSeconds: 1,
          },
        );
      }
    }
    if (q.singleName !== undefined && !q.continue) {
      // Read the revision first: the object can only be as new or newer, never older.
      resourceVersion = String(await this.registry.currentRevision());
      const one = await this.registry.get(def, namespace, q.singleName).catch(() => undefined);
      items = one && (!q.predicate || q.predicate(one)) ? [one] : [];
    } else {
      const page = await this.registry.list(def, {
        namespace,
        limit: q.limit,
        continue: q.continue,
        predicate: q.predicate,
      });
      ({ items, resourceVersion, continue: next } = page);
    }
    const listMeta = { resourceVersion, ...(next ? { continue: next } : {}) };
    const table = negotiateTable(req.headers.accept);
    if (table) {
      const body = toTable(items, def, {
        now: new Date(),
        includeObject: includeObjectOf(query),
        listMeta,
        apiVersion: table.apiVersion,
      });
      return sendJson(res, 200, body, table.mediaType);
    }
    sendJson(res, 200, { kind: def.listKind, apiVersion: apiVersionOf(def), metadata: listMeta, items });
  }

  private async delete(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    req: Request,
    res: Response,
    query: URLSearchParams,
    ctx: RequestContext,
  ): Promise<void> {
    const options = await deleteOptionsOf(req, query);
    if (def.kind === 'Namespace')
      return this.respond(req, res, def, 202, await this.namespaces.delete(name, options, ctx));
    const { object, deleted } = await this.registry.delete(def, namespace, name, options, ctx);
    if (deleted && def.kind !== 'Pod') {
      const details = { name, group: def.group || undefined, kind: def.plural, uid: object.metadata.uid };
      return sendJson(res, 200, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details,
      });
    }
    return this.respond(req, res, def, deleted ? 200 : 202, object);
  }

  private async deleteCollection(
    def: ResourceDefinition,
    namespace: string | undefined,
    req: Request,
    res: Response,
    query: URLSearchParams,
    ctx: RequestContext,
  ): Promise<void> {
    if (def.kind === 'Namespace')
      throw ApiError.methodNotAllowed('the server does not allow this method on the requested resource');
    const q = parseListQuery(query, def);
    const options = await deleteOptionsOf(req, query);
    const { items, resourceVersion } = await this.registry.list(def, { namespace, predicate: q.predicate });
    const results: KubeObject[] = [];
    for (const item of items) {
      try {
        results.push(
          (await this.registry.delete(def, item.metadata.namespace, item.metadata.name!, options, ctx))
            .object,
        );
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 404)) throw error;
      }
    }
    sendJson(res, 200, {
      kind: def.listKind,
      apiVersion: apiVersionOf(def),
      metadata: { resourceVersion },
      items: results,
    });
  }

  /** One object, as JSON or (for kubectl get NAME) as a one-row Table. */
  private respond(
    req: Request,
    res: Response,
    def: ResourceDefinition,
    code: number,
    object: KubeObject,
  ): void {
    const table = negotiateTable(req.headers.accept);
    if (table && req.method === 'GET') {
      const query = new URL(req.url, 'http://localhost').searchParams;
      const listMeta = { resourceVersion: object.metadata.resourceVersion };
      const body = toTable([object], def, {
        now: new Date(),
        includeObject: includeObjectOf(query),
        listMeta,
        apiVersion: table.apiVersion,
      });
      return sendJson(res, code, body, table.mediaType);
    }
    sendJson(res, code, object);
  }
}

function assertPatchSupported(mediaType: string): void {
  if (mediaType === 'application/apply-patch+yaml') {
    throw ApiError.unsupportedMediaType(
      `${mediaType} (server-side apply is not supported yet; use client-side "kubectl apply" without --server-side)`,
    );
  }
}

function includeObjectOf(query: URLSearchParams): 'None' | 'Metadata' | 'Object' {
  const value = query.get('includeObject');
  if (!value) return 'Metadata';
  if (value === 'None' || value === 'Metadata' || value === 'Object') return value;
  throw ApiError.badRequest(
    `includeObject: Unsupported value: "${value}": supported values: "None", "Metadata", "Object"`,
  );
}

async function deleteOptionsOf(req: Request, query: URLSearchParams): Promise<DeleteOptions> {
  const body = ((await readOptionalObjectBody(req)) ?? {}) as DeleteOptions;
  const grace = query.get('gracePeriodSeconds');
  const policy = query.get('propagationPolicy');
  const options: DeleteOptions = { ...body };
  if (grace !== null) options.gracePeriodSeconds = Number(grace);
  if (policy) options.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  if (
    options.gracePeriodSeconds !== undefined &&
    (!Number.isInteger(options.gracePeriodSeconds) || options.gracePeriodSeconds < 0)
  ) {
    throw ApiError.badRequest(
      `gracePeriodSeconds: Invalid value: ${String(options.gracePeriodSeconds)}: must be a non-negative integer`,
    );
  }
  if (
    options.propagationPolicy &&
    !['Orphan', 'Background', 'Foreground'].includes(options.propagationPolicy)
  ) {
    throw ApiError.badRequest(
      `propagationPolicy: Unsupported value: "${options.propagationPolicy}": supported values: "Orphan", "Background", "Foreground"`,
    );
  }
  return options;
}
