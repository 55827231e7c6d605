import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'winston';
import { renderHealthReport, type HealthReport } from './health-report';
import { LOGGER } from './observability.tokens';
import { ReadinessRegistry } from './readiness.registry';

/**
 * Kubernetes-style probes. /livez and /healthz only say the process can answer (a failing
 * dependency must not get a component restarted); /readyz runs the registered checks.
 * `?verbose` lists the checks, `?exclude=name` skips one, as on kube-apiserver.
 */
@Controller()
export class HealthController {
  constructor(
    private readonly readiness: ReadinessRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get('healthz')
  healthz(@Query('verbose') verbose: unknown, @Res() res: Response): void {
    send(res, renderHealthReport('healthz', [{ name: 'ping', ok: true }], verbose !== undefined));
  }

  @Get('livez')
  livez(@Query('verbose') verbose: unknown, @Res() res: Response): void {
    send(res, renderHealthReport('livez', [{ name: 'ping', ok: true }], verbose !== undefined));
  }

  @Get('readyz')
  async readyz(
    @Query('verbose') verbose: unknown,
    @Query('exclude') exclude: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const results = await this.readiness.run(toList(exclude));
    for (const failed of results.filter((result) => !result.ok)) {
      this.logger.warn('readiness check failed', { check: failed.name, reason: failed.reason });
    }
    send(res, renderHealthReport('readyz', results, verbose !== undefined));
  }
}

function send(res: Response, report: HealthReport): void {
  res
    .status(report.status)
    .type('text/plain')
    .setHeader('X-Content-Type-Options', 'nosniff')
    .send(report.body);
}

function toList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
