/**
 * The kubelet's lifecycle in the Nest app: build the nodes at construction, register them and
 * start their pods once the HTTP server is up (registration retries while the apiserver is
 * away, so it must not hold up start-up), stop everything on shutdown.
 */
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { queueStallsFor } from '@orchestra/api';
import { ComponentChaosAgent } from '@orchestra/client';
import { LOGGER, METRICS_REGISTRY, ReadinessRegistry, type Logger } from '@orchestra/observability';
import type { Registry } from 'prom-client';
import { Kubelet, type RuntimeFactory } from './kubelet';
import { KUBELET_CONFIG, heartbeatIntervals, type KubeletConfig } from './kubelet.config';

export const RUNTIME_FACTORY = Symbol('RUNTIME_FACTORY');
export const KUBELET_START_LINE =
  'kubelet started: registering its nodes, then running the pods bound to them';

@Injectable()
export class KubeletService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly kubelet: Kubelet;
  private starting?: Promise<void>;
  private readonly chaosAgent: ComponentChaosAgent;

  constructor(
    @Inject(KUBELET_CONFIG) private readonly config: KubeletConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ReadinessRegistry) readiness: ReadinessRegistry,
    @Inject(RUNTIME_FACTORY) runtimeFactory: RuntimeFactory,
  ) {
    this.kubelet = new Kubelet({ config, registry, logger, runtimeFactory });
    readiness.register('nodes-registered-and-synced', () => this.kubelet.hasSynced());
    // component-kill and component-pause of a kubelet hit this process when one of its nodes is
    // picked (and with it every node it runs); back once its nodes are registered and synced.
    this.chaosAgent = new ComponentChaosAgent({
      component: 'kubelet',
      client: this.kubelet.client,
      logger,
      names: () => [...this.kubelet.nodes.keys()],
      isWorking: () => this.kubelet.hasSynced(),
    });
    const agent = this.chaosAgent;
    agent.onChange(() => this.kubelet.stalls.set(queueStallsFor('kubelet', agent.list(), Date.now())));
  }

  onApplicationBootstrap(): void {
    this.logger.info(KUBELET_START_LINE, {
      nodes: [...this.kubelet.nodes.keys()],
      apiserver: this.config.APISERVER_URL,
      profile: this.config.PROFILE,
      ...heartbeatIntervals(this.config),
      timeScale: this.config.TIME_SCALE,
    });
    this.chaosAgent.start();
    this.starting = this.kubelet.start().catch((error) => {
      this.logger.error('kubelet failed to start its nodes', { error });
    });
  }

  /** Resolves once every node is registered and its pods are being synced (tests). */
  started(): Promise<void> {
    return this.starting ?? Promise.resolve();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.chaosAgent.stop();
    await this.kubelet.close();
    await this.starting;
  }
}
