/**
 * One kube-scheduler with the default profile, put together from its parts: informers feeding
 * the cache and the queue, the dispatcher's jobs, the scheduling loop and its binding cycles.
 * `startScheduling`/`stopScheduling` are what leadership switches; the informers always run, so a
 * new leader starts with warm caches and a full queue, as in Kubernetes.
 */
import { builtinResources, type Node, type Pod, type ResourceDefinition } from '@orchestra/api';
import { ApiClient, EventRecorder, Informer, SharedInformerFactory } from '@orchestra/client';
import type { Logger } from '@orchestra/observability';
import { QueueName, type QueueStallGate } from '@orchestra/queues';
import type { Registry } from 'prom-client';
import { DefaultBinderPlugin } from './binding/default-binder.plugin';
import { SchedulerCache, Snapshot } from './cache';
import { Clock, SchedulingCycle, SchedulingQueue, systemClock } from './framework';
import { SchedulerEventHandlers } from './events/scheduler-event-handlers';
import { BindingCycle } from './loop/binding.cycle';
import { PendingPodsTracker } from './loop/pending-pods.tracker';
import { SchedulingFailureHandler } from './loop/scheduling-failure.handler';
import { SchedulingLoop } from './loop/scheduling-loop';
import { InstrumentedFramework } from './metrics/instrumented.framework';
import { SchedulerMetrics } from './metrics/scheduler.metrics';
import { DEFAULT_PLUGIN_EVENTS, defaultProfile } from './plugins';
import { SchedulerQueueWorker } from './queue/scheduler-queue.worker';
import { TraceparentStore } from './queue/traceparent.store';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

export interface SchedulerOptions {
  client: ApiClient;
  registry: Registry;
  logger: Logger;
  redisUrl: string;
  keyPrefix: string;
  percentageOfNodesToScore: number;
  maxInFlightBindings: number;
  clock?: Clock;
  /** With leader election: whether this instance may schedule right now. */
  isActive?: () => boolean;
  /**
   * Chaos queue-stall of the `scheduler` queue: while stalled, no pod is taken, neither from the
   * dispatcher's jobs (they wait in Redis) nor from the scheduling queue (pods wait there).
   */
  stalls?: QueueStallGate;
}

export class Scheduler {
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  readonly metrics: SchedulerMetrics;
  readonly framework: InstrumentedFramework;
  readonly nodeInformer: Informer<Node>;
  readonly podInformer: Informer<Pod>;
  private readonly informers: SharedInformerFactory;
  private readonly loop: SchedulingLoop;
  private readonly worker: SchedulerQueueWorker;
  private readonly timers: NodeJS.Timeout[] = [];
  /** Leadership changes run one after another. */
  private transition: Promise<void> = Promise.resolve();
  private scheduling = false;

  constructor(private readonly o: SchedulerOptions) {
    const { client, logger } = o;
    const clock = o.clock ?? systemClock;
    this.metrics = new SchedulerMetrics(o.registry);
    const traceparents = new TraceparentStore();
    const tracker = new PendingPodsTracker();
    const binder = new DefaultBinderPlugin(client, (pod) => traceparents.get(pod.key));
    this.framework = new InstrumentedFramework(defaultProfile({ extraPlugins: [binder] }), this.metrics);
    const cycle = new SchedulingCycle(this.framework, {
      assumer: this.cache,
      percentageOfNodesToScore: o.percentageOfNodesToScore,
    });
    this.queue = new SchedulingQueue({
      clock,
      pluginEvents: DEFAULT_PLUGIN_EVENTS,
      onPendingPodsChanged: (pending) => {
        this.metrics.setPendingPods(pending);
        if (pending.active > 0) this.loop?.notify();
      },
    });
    this.informers = new SharedInformerFactory(client, { logger });
    this.nodeInformer = this.informers.informerFor<Node>(def('Node'));
    this.podInformer = this.informers.informerFor<Pod>(def('Pod'));
    const schedulerName = this.framework.schedulerName;
    const handlers = new SchedulerEventHandlers({
      schedulerName,
      cache: this.cache,
      queue: this.queue,
      tracker,
      clock,
      traceparents,
    });
    this.nodeInformer.addEventHandler(handlers.nodes);
    this.podInformer.addEventHandler(handlers.pods);

    // Events come "from" the profile, as `kubectl describe` shows: `default-scheduler`.
    const recorder = new EventRecorder({ client, component: schedulerName, logger });
    const pods = this.podInformer.lister;
    const common = { logger, clock };
    const failures = new SchedulingFailureHandler({
      ...common,
      queue: this.queue,
      pods,
      podClient: client.resource<Pod>(def('Pod')),
      recorder,
      traceparents,
    });
    const binding = new BindingCycle({
      ...common,
      cycle,
      cache: this.cache,
      recorder,
      metrics: this.metrics,
      traceparents,
      failures,
    });
    this.loop = new SchedulingLoop({
      ...common,
      queue: this.queue,
      cache: this.cache,
      snapshot: new Snapshot(),
      cycle,
      framework: this.framework,
      pods,
      tracker,
      binding,
      failures,
      metrics: this.metrics,
      maxInFlightBindings: o.maxInFlightBindings,
      isActive: o.isActive,
      stalled: () => this.stalled(),
    });
    this.worker = new SchedulerQueueWorker({
      redisUrl: o.redisUrl,
      keyPrefix: o.keyPrefix,
      logger,
      registry: o.registry,
      handler: {
        onPodKey: (key, traceparent) => {
          // A pod bound meanwhile (its informer event came first) needs no context any more.
          if (traceparent && !pods.get(key)?.spec.nodeName) traceparents.remember(key, traceparent);
          handlers.ensureQueued(key, pods);
        },
        // The job does not say which event happened: every waiting pod gets another try.
        onUnschedulableMove: () => this.queue.moveAllToActiveOrBackoff('ForceActivate'),
      },
    });
    o.stalls?.onChange(() => void this.followStall());
  }

  /** Starts the informers and the queue's timers (Kubernetes: 1 s back-off flush, 30 s leftover flush). */
  startInformers(): void {
    this.informers.start();
    const every = (ms: number, fn: () => void) => this.timers.push(setInterval(fn, ms).unref());
    every(1_000, () => this.queue.flushBackoffQCompleted());
    every(30_000, () => this.queue.flushUnschedulablePodsLeftover());
    every(1_000, () => {
      for (const pod of this.cache.cleanupAssumedPods())
        this.o.logger.warn('assumed pod expired: its binding never showed up', { pod: pod.key });
    });
  }

  hasSynced(): boolean {
    return this.nodeInformer.hasSynced() && this.podInformer.hasSynced();
  }

  waitForSync(): Promise<void> {
    return this.informers.waitForSync();
  }

  /** Leading: schedule, and take the dispatcher's jobs. */
  startScheduling(): Promise<void> {
    return this.serially(async () => {
      this.scheduling = true;
      this.loop.start();
      if (!this.stalled()) await this.worker.resume();
    });
  }

  /** Not leading (any more): stop taking jobs and scheduling; bindings in flight finish. */
  stopScheduling(): Promise<void> {
    return this.serially(async () => {
      this.scheduling = false;
      await this.worker.pause();
      await this.loop.stop();
    });
  }

  private stalled(): boolean {
    return this.o.stalls?.stalledUntil(QueueName.Scheduler) !== undefined;
  }

  /** A queue-stall began or ended: the worker follows it (while leading); the loop looks again. */
  private followStall(): Promise<void> {
    return this.serially(async () => {
      if (!this.scheduling) return;
      if (this.stalled()) {
        await this.worker.pause();
        this.o.logger.info('queue stalled (chaos queue-stall)', { queue: QueueName.Scheduler });
      } else {
        await this.worker.resume();
        this.loop.notify();
        this.o.logger.info('queue stall over', { queue: QueueName.Scheduler });
      }
    });
  }

  async close(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await this.stopScheduling();
    await this.worker.close();
    await this.informers.stop();
  }

  private serially(step: () => Promise<void>): Promise<void> {
    const next = this.transition.then(step, step);
    this.transition = next.catch((error: unknown) => {
      this.o.logger.error('scheduler leadership transition failed', { error });
    });
    return next;
  }
}
