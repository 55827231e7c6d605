import {
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { ObservabilityModule } from '@orchestra/observability';
import type { RuntimeFactory } from './kubelet';
import { KUBELET_CONFIG, type KubeletConfig } from './kubelet.config';
import { KubeletService, RUNTIME_FACTORY } from './kubelet.service';
import { ContainerLogsController } from './server/container-logs.controller';
import { PodTrafficMiddleware } from './server/pod-traffic.middleware';
import { StatsSummaryController } from './server/stats-summary.controller';

export const KUBELET_COMPONENT = 'kubelet';

/**
 * The kubelet process: its simulated nodes (registration, leases, status), their pods (pod
 * workers over a container runtime per node), and one HTTP server for all of them (health,
 * metrics, container logs, stats summary, and pod traffic dispatched by pod IP).
 */
@Module({})
export class KubeletModule implements NestModule {
  static forRoot(config: KubeletConfig, runtimeFactory: RuntimeFactory): DynamicModule {
    return {
      module: KubeletModule,
      imports: [ObservabilityModule.forRoot({ component: KUBELET_COMPONENT })],
      controllers: [ContainerLogsController, StatsSummaryController],
      providers: [
        { provide: KUBELET_CONFIG, useValue: config },
        { provide: RUNTIME_FACTORY, useValue: runtimeFactory },
        KubeletService,
      ],
      exports: [KubeletService],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Every path and method: a pod's own routes must not be shadowed by the kubelet's.
    consumer.apply(PodTrafficMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
