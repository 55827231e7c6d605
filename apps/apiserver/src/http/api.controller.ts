/**
 * The API's front door: every /api and /apis request lands here, is parsed into a RequestInfo,
 * and goes to discovery or to the resource handler. Every request is measured here, once.
 */
import { All, Controller, Inject, Req, Res } from '@nestjs/common';
import { ApiError } from '@orchestra/api';
import type { Request, Response } from 'express';
import { HorizontalPodAutoscalerV1Handler, isHorizontalPodAutoscalerV1 } from '../autoscaling/hpa-v1.handler';
import { DiscoveryService } from '../discovery/discovery.service';
import { ApiserverMetrics, metricVerb } from '../metrics/apiserver.metrics';
import { sendError } from './api-response';
import { mediaTypeOf } from './request-body';
import { parseRequestInfo } from './request-info';
import { ResourceHandler } from './resource.handler';

@Controller()
export class ApiController {
  constructor(
    @Inject(ResourceHandler) private readonly resources: ResourceHandler,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(ApiserverMetrics) private readonly metrics: ApiserverMetrics,
    @Inject(HorizontalPodAutoscalerV1Handler) private readonly hpaV1: HorizontalPodAutoscalerV1Handler,
  ) {}

  @All(['api', 'api/*path', 'apis', 'apis/*path'])
  async serve(@Req() req: Request, @Res() res: Response): Promise<void> {
    const started = process.hrtime.bigint();
    const url = new URL(req.originalUrl, 'http://apiserver');
    const info = parseRequestInfo(req.method, url.pathname, url.searchParams);
    const resource = info?.resource;
    let code = 200;
    try {
      if (!info) throw ApiError.pathNotFound();
      if (!resource) {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          throw ApiError.methodNotAllowed('the server does not allow this method on the requested resource');
        }
        this.discovery.serve(info, req, res);
        return;
      }
      if (isHorizontalPodAutoscalerV1(resource)) {
        await this.hpaV1.handle(resource, req, res, url.searchParams);
        code = res.statusCode;
        return;
      }
      const def = this.resources.resolve(resource);
      await this.resources.handle(resource, def, req, res, url.searchParams);
      code = res.statusCode;
    } catch (error) {
      code = sendError(res, error);
    } finally {
      if (resource) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const labels = {
          verb: metricVerb(resource.verb, mediaTypeOf(req)),
          group: resource.group,
          version: resource.version,
          resource: resource.resource,
          subresource: resource.subresource ?? '',
          scope: resource.name ? 'resource' : resource.namespace ? 'namespace' : 'cluster',
        };
        this.metrics.record(labels, url.searchParams.getAll('dryRun').includes('All'), code, seconds);
      }
    }
  }
}
