import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY } from './metrics.registry';

/** Prometheus scrape endpoint for the component's registry. */
@Controller()
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get('metrics')
  async metrics(@Res() res: Response): Promise<void> {
    const body = await this.registry.metrics();
    // A Buffer, so Express sends the registry's Content-Type (with `version=0.0.4`) untouched.
    res.type(this.registry.contentType).send(Buffer.from(body));
  }
}
