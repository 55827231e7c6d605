/**
 * The chaos REST endpoints: `POST /chaos/v1/<action>` creates a ChaosExperiment (201, the object
 * as created) that the controller-manager's chaos controller then runs; `GET /chaos/v1` lists the
 * actions. With CHAOS_ENABLED=false every endpoint answers 403.
 */
import { All, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiError, chaosActions, chaosModes, ResourceCatalog, ResourceDefinition } from '@orchestra/api';
import { activeTraceparent } from '@orchestra/observability';
import type { Request, Response } from 'express';
import { ApiserverConfig } from '../apiserver.config';
import { sendError, sendJson } from '../http/api-response';
import { ResourceRegistry } from '../registry/resource.registry';
import { chaosDisabledMessage } from './chaos-experiment.admission';
import { experimentFromQuery } from './chaos-request';
import { requestIdentityOf } from '../gatekeeper/request-identity';

@Controller('chaos/v1')
export class ChaosController {
  private readonly def: ResourceDefinition;

  constructor(
    @Inject(ApiserverConfig) private readonly config: ApiserverConfig,
    @Inject(ResourceRegistry) private readonly registry: ResourceRegistry,
    @Inject(ResourceCatalog) catalog: ResourceCatalog,
  ) {
    this.def = catalog.find('chaos.orchestra.dev', 'v1alpha1', 'chaosexperiments')!;
  }

  @Get()
  index(@Res() res: Response): void {
    if (!this.config.chaosEnabled) return void sendError(res, ApiError.forbidden(chaosDisabledMessage));
    sendJson(res, 200, {
      enabled: true,
      actions: chaosActions,
      modes: chaosModes,
      usage:
        'POST /chaos/v1/<action>?namespace=<ns>&labelSelector=<selector>&mode=one|all|fixed|fixed-percent&value=<n>&duration=30s&dryRun=true',
    });
  }

  @Post(':action')
  async create(@Param('action') action: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      if (!this.config.chaosEnabled) throw ApiError.forbidden(chaosDisabledMessage);
      const query = new URL(req.originalUrl, 'http://apiserver').searchParams;
      const namespace = query.get('namespace') ?? 'default';
      query.delete('namespace');
      const experiment = experimentFromQuery(action, query);
      const created = await this.registry.create(
        this.def,
        namespace,
        experiment as unknown as Record<string, unknown>,
        {
          traceparent: activeTraceparent(),
          dryRun: false,
          now: new Date(),
          requester: requestIdentityOf(req)?.user.username,
          user: requestIdentityOf(req)?.user,
        },
      );
      sendJson(res, 201, created);
    } catch (error) {
      sendError(res, error);
    }
  }

  @All(['', '*path'])
  other(@Res() res: Response): void {
    sendError(
      res,
      this.config.chaosEnabled
        ? ApiError.methodNotAllowed('use POST /chaos/v1/<action> or GET /chaos/v1')
        : ApiError.forbidden(chaosDisabledMessage),
    );
  }
}
