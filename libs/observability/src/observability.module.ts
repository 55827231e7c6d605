import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { HealthController } from './health.controller';
import { createLogger } from './logger';
import { createMetricsRegistry, METRICS_REGISTRY } from './metrics.registry';
import { MetricsController } from './metrics.controller';
import { LOGGER, OBSERVABILITY_OPTIONS, type ObservabilityOptions } from './observability.tokens';
import { ReadinessRegistry } from './readiness.registry';
import { currentTracing } from './tracing/current-tracing';

/**
 * Every component's /healthz, /livez, /readyz and /metrics, plus the providers its code uses to
 * observe itself: `LOGGER`, `METRICS_REGISTRY`, `ReadinessRegistry`. Global, so feature modules
 * inject them without importing this module again.
 *
 *   @Module({ imports: [ObservabilityModule.forRoot({ component: 'kube-scheduler' })] })
 */
@Module({})
export class ObservabilityModule implements OnApplicationShutdown {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: OBSERVABILITY_OPTIONS, useValue: options },
        { provide: LOGGER, useFactory: () => createLogger({ component: options.component }) },
        { provide: METRICS_REGISTRY, useFactory: () => createMetricsRegistry(options.component) },
        ReadinessRegistry,
      ],
      exports: [OBSERVABILITY_OPTIONS, LOGGER, METRICS_REGISTRY, ReadinessRegistry],
    };
  }

  /** Spans still buffered go out before the process exits. */
  async onApplicationShutdown(): Promise<void> {
    await currentTracing()?.shutdown();
  }
}
