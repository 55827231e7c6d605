/**
 * The cloud-controller-manager process's lifecycle: informers start at once; once their caches
 * have synced the controllers take keys (readiness: `informers-synced`). One instance runs per
 * cluster: the cloud's changes are serialised in this process (simulated-cloud.ts).
 */
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { componentApiClient } from '@orchestra/client';
import { LOGGER, METRICS_REGISTRY, ReadinessRegistry, type Logger } from '@orchestra/observability';
import type { Registry } from 'prom-client';
import { CloudControllerManager } from './cloud-controller-manager';
import {
  CLOUD_CONTROLLER_MANAGER_CONFIG,
  type CloudControllerManagerConfig,
} from './cloud-controller-manager.config';

export const CLOUD_CONTROLLER_MANAGER_START_LINE =
  'cloud-controller-manager started: waiting for the caches to sync, then running the cloud-node, cloud-node-lifecycle, service and cluster-autoscaler controllers';

@Injectable()
export class CloudControllerManagerService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly manager: CloudControllerManager;
  private starting?: Promise<void>;
  private closed = false;

  constructor(
    @Inject(CLOUD_CONTROLLER_MANAGER_CONFIG) private readonly config: CloudControllerManagerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ReadinessRegistry) readiness: ReadinessRegistry,
  ) {
    const client = componentApiClient(config, 'cloud-controller-manager/v0.1.0 (linux/amd64)', registry);
    this.manager = new CloudControllerManager({ config, client, registry, logger });
    readiness.register('informers-synced', () => this.manager.hasSynced());
  }

  onApplicationBootstrap(): void {
    this.logger.info(CLOUD_CONTROLLER_MANAGER_START_LINE, {
      apiserver: this.config.APISERVER_URL,
      region: this.config.CLOUD_REGION,
      nodePool: `${this.config.NODE_POOL_NAME} (${this.config.NODE_POOL_MIN_SIZE}..${this.config.NODE_POOL_MAX_SIZE})`,
      loadBalancerIpRange: this.config.LOAD_BALANCER_IP_RANGE,
    });
    this.manager.startInformers();
    this.starting = this.manager
      .waitForSync()
      .then(async () => {
        if (this.closed) return;
        this.logger.info('caches synced: starting the controllers');
        await this.manager.startControllers();
      })
      .catch((error: Error) => {
        if (!this.closed)
          this.logger.error('cloud-controller-manager failed to start its controllers', { error });
      });
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await this.manager.close();
    await this.starting;
  }
}
