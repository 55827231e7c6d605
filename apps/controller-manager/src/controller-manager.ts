/**
 * The controllers of kube-controller-manager and what they share: one informer per resource,
 * fed to every controller of this process; one work queue per controller (filled by the
 * apiserver's dispatcher, by the controllers' own requeues and by the periodic resync); the
 * expectations the ReplicaSet and DaemonSet controllers need; event recorders.
 * The Endpoints controller also takes the dispatcher's per-namespace pod key (`@pods/<ns>`) and
 * fans it out onto its own queue as the namespace's Service keys.
 */
import {
  builtinResources,
  ChaosExperiment,
  CronJob,
  queueStallsFor,
  DaemonSet,
  Deployment,
  Endpoints,
  HorizontalPodAutoscaler,
  Job,
  KubeObject,
  Lease,
  Namespace,
  Node,
  type NodeLifecycleTimings,
  Pod,
  ReplicaSet,
  ResourceDefinition,
  ResourceQuota,
  PersistentVolumeClaim,
  ControllerRevision,
  Service,
  ServiceAccount,
  StatefulSet,
} from '@orchestra/api';
import { ApiClient, EventRecorder, Informer, objectKey, SharedInformerFactory } from '@orchestra/client';
import { Logger } from '@orchestra/observability';
import {
  ConsumedQueues,
  ControllerLoop,
  kubeletQueueName,
  QueueStallGate,
  PeriodicResync,
  podsOfNamespaceKey,
  QueueName,
  queuePrefix,
  Reconciler,
} from '@orchestra/queues';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { EndpointsApiAdapter } from './adapters/endpoints.api-adapter';
import { EventSinkAdapter } from './adapters/event-sink.adapter';
import { CronJobApiAdapter } from './adapters/cronjob.api-adapter';
import { GarbageCollectorApiAdapter } from './adapters/garbage-collector.api-adapter';
import { HorizontalPodAutoscalerApiAdapter } from './adapters/horizontal-pod-autoscaler.api-adapter';
import { JobApiAdapter } from './adapters/job.api-adapter';
import { ChaosApiAdapter } from './adapters/chaos.api-adapter';
import { NamespaceApiAdapter } from './adapters/namespace.api-adapter';
import { NodeLifecycleApiAdapter } from './adapters/node-lifecycle.api-adapter';
import { ResourceQuotaApiAdapter } from './adapters/resourcequota.api-adapter';
import { ServiceAccountApiAdapter } from './adapters/serviceaccount.api-adapter';
import { PodGcApiAdapter } from './adapters/podgc.api-adapter';
import { StatefulSetApiAdapter } from './adapters/statefulset.api-adapter';
import { WorkloadApiAdapter } from './adapters/workload.api-adapter';
import { ChaosExperimentReconciler } from './chaos/chaos-experiment.reconciler';
import { ChaosRunTracker } from './chaos/chaos-run-tracker';
import { ChaosOptions, defaultChaosOptions } from './chaos/chaos.config';
import { ChaosMetrics } from './chaos/chaos.metrics';
import { grafanaAnnotations } from './chaos/grafana-annotations';
import { InjectionRateLimiter } from './chaos/injection-rate-limiter';
import { ReplicatedWorkload, SteadyState } from './chaos/steady-state';
import { WorkloadOwners } from './chaos/workload-owners';
import { ControllerExpectations, getControllerOf, systemClock, type Clock } from './controller-utils';
import { DaemonSetReconciler } from './daemonset/daemonset.reconciler';
import { CronJobReconciler } from './cronjob/cronjob.reconciler';
import { DeploymentReconciler } from './deployment/deployment.reconciler';
import { enqueueOnChange } from './enqueue-on-change';
import { podChangedForEndpoints } from './endpoints/pod-changed';
import { EndpointsReconciler } from './endpoints/endpoints.reconciler';
import { formatGcKey } from './garbage-collector/gc-key';
import { GarbageCollectorReconciler } from './garbage-collector/garbage-collector.reconciler';
import { HorizontalPodAutoscalerReconciler } from './horizontal-pod-autoscaler/horizontal-pod-autoscaler.reconciler';
import { JobReconciler } from './job/job.reconciler';
import { NamespaceReconciler } from './namespace/namespace.reconciler';
import { NoScheduleTaintReconciler } from './node-lifecycle/no-schedule-taint.reconciler';
import { NODE_LEASE_NAMESPACE, NodeLifecycleController } from './node-lifecycle/node-lifecycle.controller';
import { nodeLifecycleMetrics } from './node-lifecycle/node-lifecycle.metrics';
import { ReplicaSetReconciler } from './replicaset/replicaset.reconciler';
import { ResourceQuotaReconciler } from './resourcequota/resourcequota.reconciler';
import { ServiceAccountReconciler } from './serviceaccount/serviceaccount.reconciler';
import { PodGcController } from './podgc/podgc.controller';
import { podGcMetrics } from './podgc/podgc.metrics';
import { isMemberOf } from './statefulset/statefulset-identity';
import { StatefulSetReconciler } from './statefulset/statefulset.reconciler';
import { VolumeBinderReconciler } from './statefulset/volume-binder.reconciler';
import { noExecuteTaints, TaintEvictionReconciler } from './taint-eviction/taint-eviction.reconciler';
import { taintEvictionMetrics } from './taint-eviction/taint-eviction.metrics';

export interface ControllerManagerOptions {
  client: ApiClient;
  redisUrl: string;
  keyPrefix: string;
  registry: Registry;
  logger: Logger;
  resyncPeriodMs: number;
  /** With leader election: whether this process may act right now (checked before every reconcile). */
  isActive?: () => boolean;
  concurrency: {
    replicaSet: number;
    deployment: number;
    endpoints: number;
    garbageCollector: number;
    namespace: number;
    taintEviction: number;
  };
  /** The node lifecycle controller's grace periods and eviction rates (a timing profile). */
  nodeLifecycle: NodeLifecycleTimings;
  clock?: Clock;
  /** The chaos controller's switch, rate limit and workers (defaultChaosOptions when absent). */
  chaos?: ChaosOptions;
  /** How often each HPA is synced (--horizontal-pod-autoscaler-sync-period; 15 s when absent). */
  hpaSyncPeriodMs?: number;
}

const definition = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
/** What the garbage collector watches: the owners and dependents of the workload controllers. */
const gcResources = [
  'Pod',
  'ReplicaSet',
  'Deployment',
  'DaemonSet',
  'Job',
  'CronJob',
  'StatefulSet',
  'ControllerRevision',
  'PersistentVolumeClaim',
].map(definition);
/** Workers of the resourcequota controller (kube-controller-manager's --concurrent-resource-quota-syncs). */
const resourceQuotaWorkers = 5;
/** Workers of the daemonset controller (kube-controller-manager's --concurrent-daemonset-syncs). */
const daemonSetWorkers = 2;
/** Workers of the Job controller (kube-controller-manager's --concurrent-job-syncs). */
const jobWorkers = 5;
/** Workers of the HPA controller (kube-controller-manager's --concurrent-horizontal-pod-autoscaler-syncs). */
const hpaWorkers = 5;
/** Workers of the StatefulSet controller (kube-controller-manager's --concurrent-statefulset-syncs). */
const statefulSetWorkers = 5;

interface Hosted {
  loop: ControllerLoop;
  resync: PeriodicResync;
}

export class ControllerManager {
  private readonly factory: SharedInformerFactory;
  private readonly redis: Redis;
  private readonly hosted: Hosted[] = [];
  /** Informers beyond those of informers() (other selectors), for hasSynced. */
  private readonly extraInformers: Informer<KubeObject>[] = [];
  readonly expectations = new ControllerExpectations();
  /** Chaos queue-stall: which of this process's queues stop taking jobs (never `chaos`). */
  private readonly queueStalls = new QueueStallGate();
  readonly nodeLifecycle: NodeLifecycleController;
  /** Force-deletes the pods of Nodes that are gone (a terminated cloud instance's). */
  readonly podGc: PodGcController;

  constructor(private readonly options: ControllerManagerOptions) {
    const { client, logger, registry } = options;
    this.factory = new SharedInformerFactory(client, { logger });
    this.redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    const pods = this.informer<Pod>('Pod');
    const replicaSets = this.informer<ReplicaSet>('ReplicaSet');
    const deployments = this.informer<Deployment>('Deployment');
    const namespaces = this.informer<Namespace & { metadata: { name: string } }>('Namespace');
    const services = this.informer<Service>('Service');
    const endpoints = this.informer<Endpoints>('Endpoints');
    this.observePodsForExpectations(pods);

    const workloads = new WorkloadApiAdapter(client);
    const recorder = (component: string) =>
      new EventSinkAdapter(new EventRecorder({ client, component, logger }));
    const loopOptions = (concurrency: number) => ({
      connection: this.redis,
      prefix: queuePrefix(options.keyPrefix),
      registry,
      logger,
      concurrency,
      isActive: options.isActive,
      stalls: this.queueStalls,
    });

    const replicaSetReconciler = new ReplicaSetReconciler({
      replicaSets: replicaSets.lister,
      pods: pods.lister,
      api: workloads,
      events: recorder('replicaset-controller'),
      expectations: this.expectations,
    });
    const replicaSetLoop = this.host(
      QueueName.ReplicaSet,
      replicaSetReconciler,
      { ...loopOptions(options.concurrency.replicaSet), objectAttribute: 'k8s.replicaset.name' },
      () => replicaSets.lister.keys(),
    );

    const deploymentReconciler = new DeploymentReconciler({
      deployments: deployments.lister,
      replicaSets: replicaSets.lister,
      pods: pods.lister,
      api: workloads,
      events: recorder('deployment-controller'),
    });
    const deploymentLoop = this.host(
      QueueName.Deployment,
      deploymentReconciler,
      { ...loopOptions(options.concurrency.deployment), objectAttribute: 'k8s.deployment.name' },
      () => deployments.lister.keys(),
    );

    // Fans `@pods/<namespace>` out onto its own queue (endpointsLoop is set below, before any reconcile).
    const endpointsReconciler = new EndpointsReconciler({
      services: services.lister,
      endpoints: endpoints.lister,
      pods: pods.lister,
      api: new EndpointsApiAdapter(client),
      enqueue: (keys, traceparent) => endpointsLoop.queue.addMany(keys.map((key) => ({ key, traceparent }))),
    });
    const endpointsLoop: ControllerLoop = this.host(
      QueueName.Endpoints,
      endpointsReconciler,
      loopOptions(options.concurrency.endpoints),
      () => services.lister.keys(),
    );

    const gcListers = new Map<ResourceDefinition, Informer<KubeObject>>(
      gcResources.map((def) => [def, this.informer<KubeObject>(def.kind)]),
    );
    // The collector enqueues dependents on its own queue (gcLoop is set below, before any reconcile).
    const garbageCollector = new GarbageCollectorReconciler(
      { resources: () => gcResources, lister: (def) => gcListers.get(def)!.lister },
      new GarbageCollectorApiAdapter(client),
      (key) =>
        void gcLoop.queue
          .add(key)
          .catch((error) => logger.warn('garbage collector enqueue failed', { key, error })),
    );
    const gcLoop: ControllerLoop = this.host(
      QueueName.GarbageCollector,
      garbageCollector,
      loopOptions(options.concurrency.garbageCollector),
      () =>
        gcResources.flatMap((def) =>
          gcListers
            .get(def)!
            .lister.list()
            .filter((o) => o.metadata.ownerReferences?.length || o.metadata.deletionTimestamp)
            .map((o) =>
              formatGcKey({ resource: def.plural, namespace: o.metadata.namespace, name: o.metadata.name! }),
            ),
        ),
    );

    const namespaced = () => builtinResources.filter((d) => d.namespaced);
    const namespaceReconciler = new NamespaceReconciler(
      namespaces.lister,
      namespaced,
      new NamespaceApiAdapter(client),
    );
    const namespaceLoop = this.host(
      QueueName.Namespace,
      namespaceReconciler,
      { ...loopOptions(options.concurrency.namespace), objectAttribute: 'k8s.namespace.name' },
      () => namespaces.lister.keys(),
    );

    // What each controller's own informers bring, enqueued after the caches have it (see
    // enqueueOnChange); the dispatcher's jobs stay the durable path.
    const whenLeading = { isActive: options.isActive ?? (() => true), logger };
    this.nodeLifecycle = this.hostNodeLifecycle(pods, recorder, loopOptions, whenLeading);
    this.hostChaos(
      { pods, replicaSets, deployments, services, endpoints },
      recorder,
      loopOptions,
      whenLeading,
    );
    this.hostResourceQuota({ pods, replicaSets, deployments, services }, loopOptions, whenLeading);
    this.hostServiceAccounts(namespaces, loopOptions, whenLeading);
    this.hostJobs(pods, recorder, loopOptions, whenLeading);
    this.hostDaemonSets(pods, recorder, loopOptions, whenLeading);
    this.hostHorizontalPodAutoscalers(pods, recorder, loopOptions, whenLeading);
    this.hostStatefulSets(pods, recorder, loopOptions, whenLeading);
    this.podGc = this.hostPodGc(pods);
    // A namespace's dispatcher job can be taken before this cache has its deletionTimestamp (the
    // reconcile then finds nothing to do): its informer's change enqueues it again once it has.
    enqueueOnChange(namespaces, namespaceLoop.queue, (ns) => [ns.metadata.name], whenLeading);
    enqueueOnChange(replicaSets, replicaSetLoop.queue, (rs) => [objectKey(rs)], whenLeading);
    enqueueOnChange(pods, replicaSetLoop.queue, (pod) => [controllerKey('ReplicaSet', pod)], whenLeading);
    enqueueOnChange(deployments, deploymentLoop.queue, (d) => [objectKey(d)], whenLeading);
    enqueueOnChange(
      replicaSets,
      deploymentLoop.queue,
      (rs) => [controllerKey('Deployment', rs)],
      whenLeading,
    );
    enqueueOnChange(services, endpointsLoop.queue, (svc) => [objectKey(svc)], whenLeading);
    enqueueOnChange(
      pods,
      endpointsLoop.queue,
      (pod) => [podsOfNamespaceKey(pod.metadata.namespace!)],
      whenLeading,
      podChangedForEndpoints,
    );
  }

  startInformers(): void {
    this.factory.start();
  }

  waitForSync(timeoutMs?: number): Promise<void> {
    return this.factory.waitForSync(timeoutMs);
  }

  hasSynced(): boolean {
    return this.informers().every((i) => i.hasSynced());
  }

  /** Leader (or no leader election): take keys, and resync everything once now and then periodically. */
  async startControllers(): Promise<void> {
    for (const { loop, resync } of this.hosted) {
      await loop.start();
      await loop.resume();
      resync.start();
      await resync.resyncNow();
    }
    this.nodeLifecycle.start();
    this.podGc.start();
  }

  /** Leadership lost: stop acting at once; caches keep running so a comeback starts warm. */
  async stopControllers(): Promise<void> {
    // All at once: a loop must not keep acting while the one before it drains.
    for (const { resync } of this.hosted) resync.stop();
    await Promise.all([
      ...this.hosted.map(({ loop }) => loop.pause()),
      this.nodeLifecycle.stop(),
      this.podGc.stop(),
    ]);
  }

  async close(): Promise<void> {
    await this.nodeLifecycle.stop();
    await this.podGc.stop();
    for (const { loop, resync } of this.hosted) {
      resync.stop();
      await loop.stop();
    }
    await this.factory.stop();
    this.redis.disconnect();
  }

  /**
   * The jobs ready to run in every queue this process consumes (orchestra_queue_jobs' waiting and
   * prioritized; not the delayed requeues, which are no backlog), read from Redis.
   */
  private async queueDepths(component: string): Promise<Map<string, number>> {
    if (component !== 'controller-manager') return this.otherQueueDepths(component);
    const depths = await Promise.all(
      this.hosted.map(async ({ loop }) => {
        const counts = await loop.queue.queue.getJobCounts('waiting', 'prioritized');
        return [loop.queueName, (counts.waiting ?? 0) + (counts.prioritized ?? 0)] as const;
      }),
    );
    return new Map(depths);
  }

  /** The same for the scheduler's queue or the kubelets' node queues (one per Node). */
  private async otherQueueDepths(component: string): Promise<Map<string, number>> {
    const names =
      component === 'scheduler'
        ? [QueueName.Scheduler]
        : this.informer<Node>('Node')
            .lister.list()
            .map((node) => kubeletQueueName(node.metadata.name!));
    const queues = new ConsumedQueues();
    for (const name of names)
      queues.add(name, { connection: this.redis, prefix: queuePrefix(this.options.keyPrefix) });
    const counts = await queues.read();
    return new Map(
      names.map((name) => [name, (counts.get(name)?.waiting ?? 0) + (counts.get(name)?.prioritized ?? 0)]),
    );
  }

  private host(
    queue: string,
    reconciler: Reconciler,
    options: ConstructorParameters<typeof ControllerLoop>[2],
    listKeys: () => string[],
  ): ControllerLoop {
    const loop = new ControllerLoop(queue, reconciler, options);
    const resync = new PeriodicResync(loop.queue, {
      listKeys,
      periodMs: this.options.resyncPeriodMs,
      onError: (error) => this.options.logger.warn('resync failed', { controller: reconciler.name, error }),
    });
    this.hosted.push({ loop, resync });
    return loop;
  }

  private informer<
    T extends
      | KubeObject
      | Pod
      | ReplicaSet
      | Deployment
      | DaemonSet
      | StatefulSet
      | Job
      | CronJob
      | Namespace
      | Service
      | Endpoints
      | Node,
  >(kind: string): Informer<T> {
    return this.factory.informerFor<T>(definition(kind) as ResourceDefinition, {});
  }

  private informers(): Informer<KubeObject>[] {
    return [
      ...[
        'Pod',
        'ReplicaSet',
        'Deployment',
        'DaemonSet',
        'StatefulSet',
        'Job',
        'CronJob',
        'Namespace',
        'Service',
        'Endpoints',
        'Node',
      ].map((kind) => this.informer<KubeObject>(kind)),
      ...this.extraInformers,
    ];
  }

  /**
   * The chaos controller: a queue of ChaosExperiment keys; the steady state of active runs is
   * re-checked on every change of the pods, workloads and Endpoints it is read from.
   */
  private hostChaos(
    listers: {
      pods: Informer<Pod>;
      replicaSets: Informer<ReplicaSet>;
      deployments: Informer<Deployment>;
      services: Informer<Service>;
      endpoints: Informer<Endpoints>;
    },
    recorder: (component: string) => EventSinkAdapter,
    loopOptions: (concurrency: number) => ConstructorParameters<typeof ControllerLoop>[2],
    whenLeading: { isActive: () => boolean; logger: Logger },
  ): void {
    const { client, registry, logger } = this.options;
    const chaos = this.options.chaos ?? defaultChaosOptions;
    const experiments = this.factory.informerFor<ChaosExperiment>(definition('ChaosExperiment'), {});
    this.extraInformers.push(experiments as unknown as Informer<KubeObject>);
    const daemonSets = this.informer<DaemonSet>('DaemonSet');
    const jobs = this.informer<Job>('Job');
    // StatefulSets are judged once the catalog has the kind (the shared informer, if another
    // controller already watches it).
    const statefulSetKind = builtinResources.find((d) => d.kind === 'StatefulSet');
    const statefulSets =
      statefulSetKind &&
      this.factory.informerFor<ReplicatedWorkload>(statefulSetKind as ResourceDefinition, {});
    if (statefulSets) this.extraInformers.push(statefulSets as unknown as Informer<KubeObject>);
    const steadyState = new SteadyState({
      pods: listers.pods.lister,
      replicaSets: listers.replicaSets.lister,
      deployments: listers.deployments.lister,
      services: listers.services.lister,
      endpoints: listers.endpoints.lister,
      daemonSets: daemonSets.lister,
      jobs: jobs.lister,
      statefulSets: statefulSets?.lister,
    });
    // Detection and recovery moments are written by a reconcile of the run's key (the leader's).
    const enqueue = (key: string) => {
      if (!whenLeading.isActive()) return;
      loop.queue.add(key).catch((error) => logger.warn('chaos enqueue failed', { key, error }));
    };
    const tracker = new ChaosRunTracker(steadyState, Date.now, enqueue);
    // queue-stall runs on this component, read on every change of the experiments (leader or not).
    const followStalls = () =>
      this.queueStalls.set(queueStallsFor('controller-manager', experiments.lister.list(), Date.now()));
    experiments.addEventHandler({ onAdd: followStalls, onUpdate: followStalls, onDelete: followStalls });
    const reconciler = new ChaosExperimentReconciler({
      experiments: experiments.lister,
      pods: listers.pods.lister,
      services: listers.services.lister,
      nodes: this.informer<Node>('Node').lister,
      owners: new WorkloadOwners({ replicaSets: listers.replicaSets.lister, jobs: jobs.lister }),
      steadyState,
      queueDepths: (component) => this.queueDepths(component),
      tracker,
      api: new ChaosApiAdapter(client),
      events: recorder('chaos-controller'),
      metrics: new ChaosMetrics(registry),
      limiter: new InjectionRateLimiter(chaos.maxInjectionsPerMinute),
      annotations: grafanaAnnotations(chaos.grafana, { logger, registry }),
      logger,
      enabled: chaos.enabled,
    });
    const loop: ControllerLoop = this.host(
      QueueName.Chaos,
      reconciler,
      { ...loopOptions(chaos.concurrency), objectAttribute: 'chaos.experiment.name' },
      () => experiments.lister.keys(),
    );
    enqueueOnChange(experiments, loop.queue, (e) => [objectKey(e)], whenLeading);
    const observe = () => tracker.observe();
    const handlers = { onAdd: observe, onUpdate: observe, onDelete: observe };
    listers.pods.addEventHandler(handlers);
    listers.deployments.addEventHandler(handlers);
    listers.endpoints.addEventHandler(handlers);
    daemonSets.addEventHandler(handlers);
    jobs.addEventHandler(handlers);
    statefulSets?.addEventHandler(handlers);
  }

  /**
   * The resourcequota controller: a queue of quota keys, each recounted from the namespace's live
   * objects on a change of the quota, when a pod is deleted or finishes, when a counted workload
   * or Service is deleted, and on every resync (which also catches other kinds' deletes).
   */
  private hostResourceQuota(
    informers: {
      pods: Informer<Pod>;
      replicaSets: Informer<ReplicaSet>;
      deployments: Informer<Deployment>;
      services: Informer<Service>;
    },
    loopOptions: (concurrency: number) => ConstructorParameters<typeof ControllerLoop>[2],
    whenLeading: { isActive: () => boolean; logger: Logger },
  ): void {
    const quotas = this.factory.informerFor<ResourceQuota>(definition('ResourceQuota'), {});
    this.extraInformers.push(quotas as unknown as Informer<KubeObject>);
    const loop = this.host(
      QueueName.ResourceQuota,
      new ResourceQuotaReconciler({
        quotas: quotas.lister,
        resources: () => builtinResources.filter((d) => d.namespaced),
        api: new ResourceQuotaApiAdapter(this.options.client),
        clock: this.options.clock,
      }),
      { ...loopOptions(resourceQuotaWorkers), objectAttribute: 'k8s.resourcequota.name' },
      () => quotas.lister.keys(),
    );
    // Only a spec change needs a recount (status writes are the controller's and admission's own).
    enqueueOnChange(
      quotas,
      loop.queue,
      (q) => [objectKey(q)],
      whenLeading,
      (old, q) => JSON.stringify(old.spec ?? {}) !== JSON.stringify(q.spec ?? {}),
    );
    const quotasOf = (object: { metadata: { namespace?: string } }) =>
      quotas.lister.list(object.metadata.namespace).map(objectKey);
    const terminal = (pod: Pod) =>
      !!pod.metadata.deletionTimestamp || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    enqueueOnChange(
      informers.pods,
      loop.queue,
      quotasOf,
      whenLeading,
      (old, pod) => terminal(pod) !== terminal(old),
    );
    for (const informer of [informers.replicaSets, informers.deployments, informers.services]) {
      (informer as unknown as Informer<KubeObject>).addEventHandler({
        onDelete: (object: KubeObject) => {
          if (!informer.hasSynced() || !whenLeading.isActive()) return;
          const keys = quotasOf(object);
          if (keys.length > 0)
            loop.queue
              .addMany(keys.map((key) => ({ key })))
              .catch((error) => whenLeading.logger.warn('resourcequota enqueue failed', { keys, error }));
        },
      });
    }
  }

  /**
   * The Job controller: a queue of Job keys, woken by its Jobs and by their pods. Its expectations
   * are its own (a Job and a ReplicaSet may share a name), lowered by the pod informer before the
   * Job is enqueued, as observePodsForExpectations does for ReplicaSets.
   */
  private hostJobs(
    pods: Informer<Pod>,
    recorder: (component: string) => EventSinkAdapter,
    loopOptions: (concurrency: number) => ConstructorParameters<typeof ControllerLoop>[2],
    whenLeading: { isActive: () => boolean; logger: Logger },
  ): void {
    const jobs = this.informer<Job>('Job');
    const expectations = new ControllerExpectations();
    this.observePodsForExpectations(pods, 'Job', expectations);
    const reconciler = new JobReconciler({
      jobs: jobs.lister,
      pods: pods.lister,
      api: new JobApiAdapter(this.options.client),
      events: recorder('job-controller'),
      expectations,
    });
    const loop = this.host(
      QueueName.Job,
      reconciler,
      { ...loopOptions(jobWorkers), objectAttribute: 'k8s.job.name' },
      () => jobs.lister.keys(),
    );
    enqueueOnChange(jobs, loop.queue, (job) => [objectKey(job)], whenLeading);
    enqueueOnChange(pods, loop.queue, (pod) => [controllerKey('Job', pod)], whenLeading);

    // The CronJob controller: a queue of CronJob keys, woken by its CronJobs and their Jobs.
    const cronJobs = this.informer<CronJob>('CronJob');
    const cronJobLoop = this.host(
      QueueName.CronJob,
      new CronJobReconciler({
        cronJobs: cronJobs.lister,
        jobs: jobs.lister,
        api: new CronJobApiAdapter(this.options.client),
        events: recorder('cronjob-controller'),
      }),
      { ...loopOptions(jobWorkers), objectAttribute: 'k8s.cronjob.name' },
      () => cronJobs.lister.keys(),
    );
    enqueueOnChange(cronJobs, cronJobLoop.queue, (cj) => [objectKey(cj)], whenLeading);
    enqueueOnChange(jobs, cronJobLoop.queue, (job) => [controllerKey('CronJob', job)], whenLeading);
  }

  /** The serviceaccount controller: a queue of namespace names, each given its `default` ServiceAccount. */
  private hostServiceAccounts(
    namespaces: Informer<Namespace & { metadata: { name: string } }>,
    loopOptions: (concurrency: number) => ConstructorParameters<typeof ControllerLoop>[2],
    whenLeading: { isActive: () => boolean; logger: Logger },
  ): void {
    const serviceAccounts = this.factory.informerFor<ServiceAccount>(definition('ServiceAccount'), {});
    this.extraInformers.push(serviceAccounts as unknown as Informer<KubeObject>);
    const loop = this.host(
      QueueName.ServiceAccount,
      new ServiceAccountReconciler({
        namespaces: namespaces.lister,
        serviceAccounts: serviceAccounts.lister,
        api: new ServiceAccountApiAdapter(this.options.client),
      }),
      { ...loopOptions(1), objectAttribute: 'k8s.namespace.name' },
      () => namespaces.lister.keys(),
    );
    enqueueOnChange(namespaces, loop.queue, (ns) => [ns.metadata.name], whenLeading);
    enqueueOnChange(
      serviceAccounts,
      loop.queue,
      (sa) => [sa.metadata.name === 'default' ? sa.metadata.namespace : undefined],
      whenLeading,
      () => false,
    );
  }

  /**
   * The node lifecycle controller (a periodic health check and the zones' taint queues, started
   * and stopped with the leadership), its NoSchedule tainting by condition (a queue of node
   * names) and the taint eviction controller (a queue of pod keys, whose delayed requeues are the
   * per-pod eviction timers).
   */
  private hostNodeLifecycle(
    pods: Informer<Pod>,
    recorder: (component: string) => EventSinkAdapter,
    loopOptions: (concurrency: number) => ConstructorParameters<typeof ControllerLoop>[2],
    whenLeading: { isActive: () => boolean; logger: Logger },
  ): NodeLifecycleController {
    const { client, registry, logger, concurrency } = this.options;
    const clock = this.options.clock ?? systemClock;
    const nodes = this.informer<Node>('Node');
    const leases = this.factory.informerFor<Lease>(definition('Lease'), { namespace: NODE_LEASE_NAMESPACE });
    this.extraInformers.push(leases as unknown as Informer<KubeObject>);
    const api = new NodeLifecycleApiAdapter(client, clock);

    const controller = new NodeLifecycleController({
      nodes: nodes.lister,
      leases: leases.lister,
      pods: pods.lister,
      api,
      events: recorder('node-controller'),
      metrics: nodeLifecycleMetrics(registry),
      timings: this.options.nodeLifecycle,
      logger,
      clock,
      isActive: this.options.isActive,
    });

    pods.addEventHandler({
      onAdd: (pod) => controller.podBound(pod),
      onUpdate: (old, pod) => {
        if (old.spec.nodeName !== pod.spec.nodeName) controller.podBound(pod);
      },
    });

    const noScheduleLoop = this.host(
      QueueName.NodeLifecycle,
      new NoScheduleTaintReconciler(nodes.lister, api),
      { ...loopOptions(1), objectAttribute: 'k8s.node.name' },
      () => nodes.lister.keys(),
    );
    enqueueOnChange(
      nodes,
      noScheduleLoop.queue,
      (node) => [node.metadata.name],
      whenLeading,
      noScheduleInputsChanged,
    );

    const podsOnNode = (name: string) => pods.lister.byIndex('nodeName', name).map((pod) => objectKey(pod));
    const evictionLoop = this.host(
      QueueName.TaintEviction,
      new TaintEvictionReconciler({
        pods: pods.lister,
        nodes: nodes.lister,
        api,
        events: recorder('taint-eviction-controller'),
        metrics: taintEvictionMetrics(registry),
        clock,
      }),
      { ...loopOptions(concurrency.taintEviction), objectAttribute: 'k8s.pod.name' },
      () =>
        nodes.lister
          .list()
          .filter((node) => noExecuteTaints(node).length > 0)
          .flatMap((node) => podsOnNode(node.metadata.name!)),
    );
    enqueueOnChange(
      nodes,
      evictionLoop.queue,
      (node) => podsOnNode(node.metadata.name!),
      whenLeading,
      (old, node) => JSON.stringify(noExecuteTaints(old)) !== JSON.stringify(noExecuteTaints(node)),
    );
    // A pod is only of interest while its node has NoExecute taints (the node's change brings the rest).
    enqueueOnChange(
      pods,
      evictionLoop.queue,
      (pod) =>
        noExecuteTaints(nodes.lister.get(pod.spec.nodeName ?? '')).length > 0 ? [objectKey(pod)] : [],
      whenLeading,
      (old, pod) =>
        old.spec.nodeName !== pod.spec.nodeName ||
        JSON.stringify(old.spec.tolerations ?? []) !== JSON.stringify(pod.spec.tolerations ?? []),
    );
    return controller;
  }

  /**
   * The DaemonSet controller: a queue of DaemonSet keys, enqueued by its DaemonSets, by its pods
   * (their controller), and by every node change that can change eligibility (all DaemonSets).
   */
  private hostDaemonSets(
    pods: Informer<Pod>,
    recorder: (component: string) => EventSinkAdapter,
    loopOptions: (
      concurrency: number,
    ) => Omit<ConstructorParameters<typeof ControllerLoop>[2], 'objectAttribute'>,
    whenLeading: { isActive: () => boolean; logger: Logger },
  ): void {
    const daemonSets = this.informer<DaemonSet>('DaemonSet');
    const nodes = this.informer<Node>('Node');
    const expectations = new ControllerExpectations();
    const ownerKey = (pod: Pod) => controllerKey('DaemonSet', pod);
    // Registered before enqueueOnChange's handlers: the reconcile they bring sees the expectations lowered.
    pods.addEventHandler({
      onAdd: (pod) => {
        const key = ownerKey(pod);
        if (key) expectations.creationObserved(key);
      },
      onUpdate: (old, pod) => {
        const key = ownerKey(pod);
        if (key && pod.metadata.deletionTimestamp && !old.metadata.deletionTimestamp)
          expectations.deletionObserved(key, objectKey(pod));
      },
      onDelete: (pod) => {
        const key = ownerKey(pod);
        if (key) expectations.deletionObserved(key, objectKey(pod));
      },
    });
    const reconciler = new DaemonSetReconciler({
      daemonSets: daemonSets.lister,
      pods: pods.lister,
      nodes: nodes.lister,
      api: new WorkloadApiAdapter(this.options.client),
      events: recorder('daemonset-controller'),
      expectations,
    });
    const loop = this.host(
      QueueName.DaemonSet,
      reconciler,
      { ...loopOptions(daemonSetWorkers), objectAttribute: 'k8s.daemonset.name' },
      () => daemonSets.lister.keys(),
    );
    enqueueOnChange(daemonSets, loop.queue, (ds) => [objectKey(ds)], whenLeading);
    // An orphan may be adopted: every DaemonSet of its namespace looks (Kubernetes' addPod matches selectors).
    enqueueOnChange(
      pods,
      loop.queue,
      (pod) =>
        getControllerOf(pod)
          ? [ownerKey(pod)]
          : daemonSets.lister.list(pod.metadata.namespace).map((ds) => objectKey(ds)),
      whenLeading,
    );
    enqueueOnChange(nodes, loop.queue, () => daemonSets.lister.keys(), whenLeading, nodeEligibilityChanged);
  }

  /**
   * The HorizontalPodAutoscaler controller: a queue of HPA keys, each requeued on its own sync
   * period (the reconciler puts earlier wake-ups off to it); a new or changed HPA is enqueued at once.
   */
  private hostHorizontalPodAutoscalers(
    pods: Informer<Pod>,
    recorder: (component: string) => EventSinkAdapter,
    loopOptions: (
      concurrency: number,
    ) => Omit<ConstructorParameters<typeof ControllerLoop>[2], 'objectAttribute'>,
    whenLeading: { isActive: () => boolean; logger: Logger },
  ): void {
    const hpas = this.informer<HorizontalPodAutoscaler>('HorizontalPodAutoscaler');
    const loop = this.host(
      QueueName.HorizontalPodAutoscaler,
      new HorizontalPodAutoscalerReconciler({
        hpas: hpas.lister,
        pods: pods.lister,
        api: new HorizontalPodAutoscalerApiAdapter(this.options.client),
        events: recorder('horizontal-pod-autoscaler'),
        syncPeriodMs: this.options.hpaSyncPeriodMs,
        clock: this.options.clock,
      }),
      { ...loopOptions(hpaWorkers), objectAttribute: 'k8s.horizontalpodautoscaler.name' },
      () => hpas.lister.keys(),
    );
    // Its own status writes change no generation: they must not wake it.
    enqueueOnChange(
      hpas,
      loop.queue,
      (hpa) => [objectKey(hpa)],
      whenLeading,
      (old, hpa) => old.metadata.generation !== hpa.metadata.generation,
    );
  }

  /**
   * The StatefulSet controller: a queue of StatefulSet keys, woken by its StatefulSets and by the
   * pods they control (an orphan pod by the set its name says it belongs to, which may adopt it).
   * No expectations: a pod's name is its ordinal, so a create the cache has not seen yet fails as
   * AlreadyExists instead of making a second pod. With it, the volume binder: a queue of claim keys.
   */
  private hostStatefulSets(
    pods: Informer<Pod>,
    recorder: (component: string) => EventSinkAdapter,
    loopOptions: (
      concurrency: number,
    ) => Omit<ConstructorParameters<typeof ControllerLoop>[2], 'objectAttribute'>,
    whenLeading: { isActive: () => boolean; logger: Logger },
  ): void {
    const statefulSets = this.informer<StatefulSet>('StatefulSet');
    const revisions = this.factory.informerFor<ControllerRevision>(definition('ControllerRevision'), {});
    const claims = this.factory.informerFor<PersistentVolumeClaim>(definition('PersistentVolumeClaim'), {});
    this.extraInformers.push(
      revisions as unknown as Informer<KubeObject>,
      claims as unknown as Informer<KubeObject>,
    );
    const api = new StatefulSetApiAdapter(this.options.client);
    const loop = this.host(
      QueueName.StatefulSet,
      new StatefulSetReconciler({
        statefulSets: statefulSets.lister,
        pods: pods.lister,
        revisions: revisions.lister,
        claims: claims.lister,
        api,
        events: recorder('statefulset-controller'),
        clock: this.options.clock,
      }),
      { ...loopOptions(statefulSetWorkers), objectAttribute: 'k8s.statefulset.name' },
      () => statefulSets.lister.keys(),
    );
    enqueueOnChange(statefulSets, loop.queue, (sts) => [objectKey(sts)], whenLeading);
    enqueueOnChange(
      pods,
      loop.queue,
      (pod) => {
        const ref = getControllerOf(pod);
        if (ref) return [controllerKey('StatefulSet', pod)];
        const owner = statefulSets.lister.list(pod.metadata.namespace).find((sts) => isMemberOf(sts, pod));
        return owner ? [objectKey(owner)] : [];
      },
      whenLeading,
    );

    const binderLoop = this.host(
      QueueName.PersistentVolumeBinder,
      new VolumeBinderReconciler({
        claims: claims.lister,
        api,
        events: recorder('persistentvolume-controller'),
      }),
      { ...loopOptions(statefulSetWorkers), objectAttribute: 'k8s.persistentvolumeclaim.name' },
      () => claims.lister.keys(),
    );
    enqueueOnChange(claims, binderLoop.queue, (claim) => [objectKey(claim)], whenLeading);
  }

  /** The pod garbage collector: periodic, started and stopped with the leadership. */
  private hostPodGc(pods: Informer<Pod>): PodGcController {
    const { client, registry, logger } = this.options;
    const timings = this.options.nodeLifecycle;
    return new PodGcController({
      pods: pods.lister,
      nodes: this.informer<Node>('Node').lister,
      api: new PodGcApiAdapter(client),
      metrics: podGcMetrics(registry),
      logger,
      clock: this.options.clock ?? systemClock,
      periodMs: timings.podGcPeriodMs,
      quarantineMs: timings.podGcQuarantineMs,
      isActive: this.options.isActive,
    });
  }

  /**
   * client-go's ReplicaSet controller tells its expectations what the pod informer saw (before
   * enqueueOnChange enqueues the ReplicaSet: this handler is registered first, so the reconcile
   * it brings finds the expectations already lowered).
   */
  private observePodsForExpectations(
    pods: Informer<Pod>,
    kind = 'ReplicaSet',
    expectations: ControllerExpectations = this.expectations,
  ): void {
    const ownerKey = (pod: Pod) => controllerKey(kind, pod);
    pods.addEventHandler({
      onAdd: (pod) => {
        const key = ownerKey(pod);
        if (key) expectations.creationObserved(key);
      },
      onUpdate: (old, pod) => {
        const key = ownerKey(pod);
        if (key && pod.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) {
          expectations.deletionObserved(key, objectKey(pod));
        }
      },
      onDelete: (pod) => {
        const key = ownerKey(pod);
        if (key) expectations.deletionObserved(key, objectKey(pod));
      },
    });
  }
}

/** Whether a node changed in what its NoSchedule taints depend on (conditions, cordon, taints). */
function noScheduleInputsChanged(old: Node, node: Node): boolean {
  const inputs = (n: Node) =>
    JSON.stringify([
      (n.status?.conditions ?? []).map((c) => [c.type, c.status]),
      n.spec?.unschedulable ?? false,
      n.spec?.taints ?? [],
    ]);
  return inputs(old) !== inputs(node);
}

/** Whether a node changed in what DaemonSet eligibility reads (labels, taints). */
function nodeEligibilityChanged(old: Node, node: Node): boolean {
  const inputs = (n: Node) => JSON.stringify([n.metadata.labels ?? {}, n.spec?.taints ?? []]);
  return inputs(old) !== inputs(node);
}

/** The key of the object's controller when it is a `kind` (its owner with controller: true). */
function controllerKey(kind: string, object: Pod | ReplicaSet | Job): string | undefined {
  const ref = getControllerOf(object);
  return ref?.kind === kind ? `${object.metadata.namespace}/${ref.name}` : undefined;
}
