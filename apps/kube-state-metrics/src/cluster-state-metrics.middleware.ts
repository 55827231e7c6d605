/**
 * GET /metrics: the cluster-state families, written by our own exposition writer (prom-client
 * would build a labels object per series and ~25 series per pod, too slow at 10,000 pods), then
 * the process's registry (process/nodejs and rest_client metrics, with their `component` label),
 * in one text body. Cluster-state series carry no `component` label, as kube-state-metrics' own.
 */
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { LOGGER, METRICS_REGISTRY, type Logger } from '@orchestra/observability';
import type { NextFunction, Request, Response } from 'express';
import type { Registry } from 'prom-client';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { KubeStateMetricsService } from './kube-state-metrics.service';

@Injectable()
export class ClusterStateMetricsMiddleware implements NestMiddleware {
  constructor(
    @Inject(KubeStateMetricsService) private readonly service: KubeStateMetricsService,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async use(_req: Request, res: Response, _next: NextFunction): Promise<void> {
    res.status(200).setHeader('Content-Type', this.registry.contentType);
    try {
      for (const family of this.service.collector.families()) {
        for (const chunk of family) {
          if (!res.writable) return; // the scraper went away
          if (!res.write(chunk)) await drained(res);
        }
        // One family at a time: watch events and probes get their turn between families.
        await nextTurn();
      }
      res.end(await this.registry.metrics());
    } catch (error) {
      this.logger.error('writing /metrics failed', { error });
      res.destroy(error as Error);
    }
  }
}

/** Resolves when the response can take more, or is gone. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
