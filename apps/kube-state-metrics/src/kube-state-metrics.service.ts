/**
 * The kube-state-metrics process's lifecycle: informers on every watched resource start at boot
 * (readiness: `informers-synced`) and stop at shutdown.
 */
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { componentApiClient, SharedInformerFactory } from '@orchestra/client';
import { LOGGER, METRICS_REGISTRY, ReadinessRegistry, type Logger } from '@orchestra/observability';
import type { Registry } from 'prom-client';
import { ClusterStateCollector } from './cluster-state.collector';
import { KUBE_STATE_METRICS_CONFIG, type KubeStateMetricsConfig } from './kube-state-metrics.config';

export const KUBE_STATE_METRICS_START_LINE = 'kube-state-metrics started: serving cluster state on /metrics';

@Injectable()
export class KubeStateMetricsService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly collector: ClusterStateCollector;
  private readonly informers: SharedInformerFactory;
  private syncing?: Promise<void>;

  constructor(
    @Inject(KUBE_STATE_METRICS_CONFIG) private readonly config: KubeStateMetricsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ReadinessRegistry) readiness: ReadinessRegistry,
  ) {
    const client = componentApiClient(config, 'kube-state-metrics/v0.1.0 (linux/amd64)', registry);
    this.informers = new SharedInformerFactory(client, { logger });
    this.collector = new ClusterStateCollector(this.informers);
    readiness.register('informers-synced', () => this.collector.hasSynced());
  }

  onApplicationBootstrap(): void {
    this.informers.start();
    this.logger.info(KUBE_STATE_METRICS_START_LINE, { apiserver: this.config.APISERVER_URL });
    this.syncing = this.collector.waitForSync().then(
      () => void this.logger.info('caches synced', { objects: this.collector.counts() }),
      // Only a stop before the first list rejects: nothing to report then.
      (error: Error) => void this.logger.debug('caches did not sync', { error }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.informers.stop();
    await this.syncing;
  }
}
