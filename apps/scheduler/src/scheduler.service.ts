/**
 * The kube-scheduler process's lifecycle: informers start at once; once their caches have synced
 * the instance campaigns for the `kube-system/kube-scheduler` Lease (unless LEADER_ELECT=false),
 * and only the leader schedules and takes the dispatcher's jobs.
 */
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { queueStallsFor } from '@orchestra/api';
import {
  componentApiClient,
  ComponentChaosAgent,
  LeaderElectedRunner,
  LeaderElector,
} from '@orchestra/client';
import { QueueStallGate } from '@orchestra/queues';
import { LOGGER, METRICS_REGISTRY, ReadinessRegistry, type Logger } from '@orchestra/observability';
import type { Registry } from 'prom-client';
import { Scheduler } from './scheduler';
import { SCHEDULER_CONFIG, type SchedulerConfig } from './scheduler.config';

export const SCHEDULER_LEASE = 'kube-scheduler';
export const SCHEDULER_START_LINE = 'scheduler started: waiting for the caches to sync, then scheduling pods';

@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly scheduler: Scheduler;
  private readonly runner: LeaderElectedRunner;
  private readonly chaosAgent: ComponentChaosAgent;

  constructor(
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ReadinessRegistry) readiness: ReadinessRegistry,
  ) {
    const client = componentApiClient(config, 'kube-scheduler/v0.1.0 (linux/amd64)', registry);
    // Chaos queue-stall of the scheduler, read from the experiments the chaos agent watches.
    const stalls = new QueueStallGate();
    const scheduler = new Scheduler({
      client,
      registry,
      logger,
      redisUrl: config.REDIS_URL,
      keyPrefix: config.ORCHESTRA_KEY_PREFIX,
      percentageOfNodesToScore: config.PERCENTAGE_OF_NODES_TO_SCORE,
      maxInFlightBindings: config.MAX_IN_FLIGHT_BINDINGS,
      isActive: () => this.runner?.elector?.isLeader() ?? true,
      stalls,
    });
    this.scheduler = scheduler;
    this.runner = new LeaderElectedRunner({
      logger,
      leaderElection: config.LEADER_ELECT
        ? {
            client,
            name: SCHEDULER_LEASE,
            namespace: 'kube-system',
            identity: config.LEADER_ELECTION_IDENTITY || undefined,
            leaseDurationMs: config.LEASE_DURATION_MS,
            renewDeadlineMs: config.RENEW_DEADLINE_MS,
            retryPeriodMs: config.RETRY_PERIOD_MS,
            registry,
          }
        : undefined,
      waitForSync: () => scheduler.waitForSync(),
      start: () => scheduler.startScheduling(),
      stop: () => scheduler.stopScheduling(),
      syncedFields: () => ({ nodes: scheduler.cache.nodeCount() }),
    });
    readiness.register('informers-synced', () => scheduler.hasSynced());
    // component-kill and component-pause hit the leader: the instance that does the work.
    const leading = () => this.runner.elector?.isLeader() ?? scheduler.hasSynced();
    this.chaosAgent = new ComponentChaosAgent({
      component: 'scheduler',
      client,
      logger,
      names: () => (leading() ? ['scheduler'] : []),
      isWorking: leading,
    });
    const agent = this.chaosAgent;
    agent.onChange(() => stalls.set(queueStallsFor('scheduler', agent.list(), Date.now())));
  }

  get elector(): LeaderElector | undefined {
    return this.runner.elector;
  }

  onApplicationBootstrap(): void {
    this.scheduler.startInformers();
    this.logger.info(SCHEDULER_START_LINE, {
      apiserver: this.config.APISERVER_URL,
      profile: this.scheduler.framework.schedulerName,
      leaderElection: this.config.LEADER_ELECT,
      identity: this.runner.elector?.identity,
    });
    this.runner.begin();
    this.chaosAgent.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.chaosAgent.stop();
    await this.runner.close();
    await this.scheduler.close();
  }
}
