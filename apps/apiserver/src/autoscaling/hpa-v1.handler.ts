/**
 * autoscaling/v1 horizontalpodautoscalers, served as a converted view of the stored
 * autoscaling/v2 objects: what kubectl autoscale (1.27 to 1.33, whose typed client creates a v1
 * HPA or falls back to one) and older clients need: create, get and list. Watches,
 * updates, patches and deletes are served in v2 only (discovery lists v2 as the group's version).
 */
import { Inject, Injectable } from '@nestjs/common';
import { ApiError, HorizontalPodAutoscaler, ResourceCatalog, ResourceDefinition } from '@orchestra/api';
import { activeTraceparent } from '@orchestra/observability';
import type { Request, Response } from 'express';
import { requestIdentityOf } from '../gatekeeper/request-identity';
import { sendJson } from '../http/api-response';
import { readObjectBody } from '../http/request-body';
import { ResourceRequestInfo } from '../http/request-info';
import { RequestContext } from '../registry/request-context';
import { ResourceRegistry } from '../registry/resource.registry';
import { hpaV1ToV2, hpaV2ToV1 } from './hpa-v1-conversion';

export const isHorizontalPodAutoscalerV1 = (info: ResourceRequestInfo): boolean =>
  info.group === 'autoscaling' && info.version === 'v1' && info.resource === 'horizontalpodautoscalers';

@Injectable()
export class HorizontalPodAutoscalerV1Handler {
  private readonly def: ResourceDefinition;

  constructor(
    @Inject(ResourceRegistry) private readonly registry: ResourceRegistry,
    @Inject(ResourceCatalog) catalog: ResourceCatalog,
  ) {
    this.def = catalog.find('autoscaling', 'v2', 'horizontalpodautoscalers')!;
  }

  async handle(
    info: ResourceRequestInfo,
    req: Request,
    res: Response,
    query: URLSearchParams,
  ): Promise<void> {
    const { namespace, name } = info;
    if (info.subresource) throw ApiError.pathNotFound();
    const ctx: RequestContext = {
      traceparent:
        activeTraceparent() ??
        (typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined),
      dryRun: query.getAll('dryRun').includes('All'),
      now: new Date(),
      requester: requestIdentityOf(req)?.user.username,
      user: requestIdentityOf(req)?.user,
    };
    switch (info.verb) {
      case 'create': {
        if (name) break;
        const created = await this.registry.create(
          this.def,
          namespace,
          hpaV1ToV2(await readObjectBody(req)) as unknown as Record<string, unknown>,
          ctx,
        );
        return sendJson(res, 201, hpaV2ToV1(created as HorizontalPodAutoscaler));
      }
      case 'get':
        return sendJson(
          res,
          200,
          hpaV2ToV1((await this.registry.get(this.def, namespace, name!)) as HorizontalPodAutoscaler),
        );
      case 'list': {
        const list = await this.registry.list(this.def, { namespace });
        return sendJson(res, 200, {
          kind: 'HorizontalPodAutoscalerList',
          apiVersion: 'autoscaling/v1',
          metadata: { resourceVersion: list.resourceVersion },
          items: list.items.map((item) => hpaV2ToV1(item as HorizontalPodAutoscaler)),
        });
      }
    }
    throw ApiError.methodNotAllowed(
      'the server does not allow this method on the requested resource (autoscaling/v1 horizontalpodautoscalers: use autoscaling/v2)',
    );
  }
}
