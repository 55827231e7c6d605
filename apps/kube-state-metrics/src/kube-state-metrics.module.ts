import {
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { ObservabilityModule } from '@orchestra/observability';
import { ClusterStateMetricsMiddleware } from './cluster-state-metrics.middleware';
import { KUBE_STATE_METRICS_CONFIG, type KubeStateMetricsConfig } from './kube-state-metrics.config';
import { KubeStateMetricsService } from './kube-state-metrics.service';

export const KUBE_STATE_METRICS_COMPONENT = 'kube-state-metrics';

/** The kube-state-metrics process: informers on the cluster, and its state as metrics on /metrics. */
@Module({})
export class KubeStateMetricsModule implements NestModule {
  static forRoot(config: KubeStateMetricsConfig): DynamicModule {
    return {
      module: KubeStateMetricsModule,
      imports: [ObservabilityModule.forRoot({ component: KUBE_STATE_METRICS_COMPONENT })],
      providers: [
        { provide: KUBE_STATE_METRICS_CONFIG, useValue: config },
        KubeStateMetricsService,
        ClusterStateMetricsMiddleware,
      ],
      exports: [KubeStateMetricsService],
    };
  }

  /**
   * GET /metrics is answered here, ahead of the observability module's handler (middleware runs
   * before any route): the cluster state first, then the process's own registry, in one body.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ClusterStateMetricsMiddleware).forRoutes({ path: 'metrics', method: RequestMethod.GET });
  }
}
