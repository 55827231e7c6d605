/**
 * The resource metrics API (`kubectl top`): GET of
 *   /apis/metrics.k8s.io/v1beta1/nodes[/{name}]
 *   /apis/metrics.k8s.io/v1beta1/pods
 *   /apis/metrics.k8s.io/v1beta1/namespaces/{namespace}/pods[/{name}]
 * with `labelSelector`. Registered before ApiController, whose catch-all would look these
 * resources up in the ResourceCatalog; discovery of the group stays with DiscoveryService.
 */
import { All, Controller, Inject, Req, Res } from '@nestjs/common';
import { ApiError } from '@orchestra/api';
import type { Request, Response } from 'express';
import { sendError, sendJson } from '../http/api-response';
import { MetricsApiService } from './metrics-api.service';
import { METRICS_API_VERSION } from './metrics-api.types';

const PREFIX = `/apis/${METRICS_API_VERSION}/`;

@Controller()
export class MetricsApiController {
  constructor(@Inject(MetricsApiService) private readonly metrics: MetricsApiService) {}

  @All(`apis/${METRICS_API_VERSION}/*path`)
  async serve(@Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const url = new URL(req.originalUrl, 'http://apiserver');
      if (req.method !== 'GET' && req.method !== 'HEAD')
        throw ApiError.methodNotAllowed('the server does not allow this method on the requested resource');
      const segments = url.pathname.slice(PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
      const selector = url.searchParams.get('labelSelector') ?? '';
      sendJson(res, 200, await this.answer(segments, selector));
    } catch (error) {
      sendError(res, error);
    }
  }

  private answer(segments: string[], selector: string): Promise<unknown> {
    const [first, second, third, fourth, ...rest] = segments;
    if (first === 'nodes' && !third)
      return second ? this.metrics.getNode(second) : this.metrics.listNodes(selector);
    if (first === 'pods' && !second) return this.metrics.listPods(undefined, selector);
    if (first === 'namespaces' && second && third === 'pods' && rest.length === 0)
      return fourth ? this.metrics.getPod(second, fourth) : this.metrics.listPods(second, selector);
    throw ApiError.pathNotFound();
  }
}
