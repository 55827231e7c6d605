/**
 * The kube-controller-manager process's lifecycle: informers start at once; once their caches
 * have synced the instance campaigns for the `kube-system/kube-controller-manager` Lease (unless
 * LEADER_ELECT=false), and only the leader's controllers take keys.
 */
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  componentApiClient,
  ComponentChaosAgent,
  LeaderElectedRunner,
  LeaderElector,
} from '@orchestra/client';
import { LOGGER, METRICS_REGISTRY, ReadinessRegistry, type Logger } from '@orchestra/observability';
import type { Registry } from 'prom-client';
import { ControllerManager } from './controller-manager';
import { CONTROLLER_MANAGER_CONFIG, type ControllerManagerConfig } from './controller-manager.config';
import { timingsFromEnv } from './node-lifecycle/node-lifecycle.config';

export const CONTROLLER_MANAGER_LEASE = 'kube-controller-manager';
export const CONTROLLER_MANAGER_START_LINE =
  'controller-manager started: waiting for the caches to sync, then running the replicaset, deployment, daemonset, statefulset, persistentvolume-binder, endpoints, garbage-collector, pod-garbage-collector, namespace, node-lifecycle, taint-eviction, resourcequota, serviceaccount, job and cronjob controllers';

@Injectable()
export class ControllerManagerService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly manager: ControllerManager;
  private readonly runner: LeaderElectedRunner;
  private readonly chaosAgent: ComponentChaosAgent;

  constructor(
    @Inject(CONTROLLER_MANAGER_CONFIG) private readonly config: ControllerManagerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ReadinessRegistry) readiness: ReadinessRegistry,
  ) {
    const client = componentApiClient(config, 'kube-controller-manager/v0.1.0 (linux/amd64)', registry);
    const manager = new ControllerManager({
      client,
      redisUrl: config.REDIS_URL,
      keyPrefix: config.ORCHESTRA_KEY_PREFIX,
      registry,
      logger,
      resyncPeriodMs: config.RESYNC_PERIOD_MS,
      // A leader paused past its renew deadline has already lost the Lease: it must not act on wake-up.
      isActive: () => this.runner?.elector?.isLeader() ?? true,
      concurrency: {
        replicaSet: config.CONCURRENT_REPLICASET_SYNCS,
        deployment: config.CONCURRENT_DEPLOYMENT_SYNCS,
        endpoints: config.CONCURRENT_ENDPOINT_SYNCS,
        garbageCollector: config.CONCURRENT_GC_SYNCS,
        namespace: config.CONCURRENT_NAMESPACE_SYNCS,
        taintEviction: config.CONCURRENT_TAINT_EVICTION_SYNCS,
      },
      nodeLifecycle: timingsFromEnv(config),
      hpaSyncPeriodMs: config.HPA_SYNC_PERIOD_SECONDS * 1000,
      chaos: {
        enabled: config.CHAOS_ENABLED,
        maxInjectionsPerMinute: config.CHAOS_MAX_INJECTIONS_PER_MINUTE,
        concurrency: config.CONCURRENT_CHAOS_SYNCS,
        grafana: {
          url: config.GRAFANA_URL,
          apiToken: config.GRAFANA_API_TOKEN,
          user: config.GRAFANA_USER,
          password: config.GRAFANA_PASSWORD,
        },
      },
    });
    this.manager = manager;
    this.runner = new LeaderElectedRunner({
      logger,
      leaderElection: config.LEADER_ELECT
        ? {
            client,
            name: CONTROLLER_MANAGER_LEASE,
            namespace: 'kube-system',
            identity: config.LEADER_ELECTION_IDENTITY || undefined,
            leaseDurationMs: config.LEASE_DURATION_MS,
            renewDeadlineMs: config.RENEW_DEADLINE_MS,
            retryPeriodMs: config.RETRY_PERIOD_MS,
            registry,
          }
        : undefined,
      waitForSync: () => manager.waitForSync(),
      start: () => manager.startControllers(),
      stop: () => manager.stopControllers(),
    });
    readiness.register('informers-synced', () => manager.hasSynced());
    // component-kill and component-pause hit the leader: the instance that does the work.
    const leading = () => this.runner.elector?.isLeader() ?? manager.hasSynced();
    this.chaosAgent = new ComponentChaosAgent({
      component: 'controller-manager',
      client,
      logger,
      names: () => (leading() ? ['controller-manager'] : []),
      isWorking: leading,
    });
  }

  get elector(): LeaderElector | undefined {
    return this.runner.elector;
  }

  onApplicationBootstrap(): void {
    this.manager.startInformers();
    this.logger.info(CONTROLLER_MANAGER_START_LINE, {
      apiserver: this.config.APISERVER_URL,
      leaderElection: this.config.LEADER_ELECT,
      identity: this.runner.elector?.identity,
    });
    this.runner.begin();
    this.chaosAgent.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.chaosAgent.stop();
    await this.runner.close();
    await this.manager.close();
  }
}
