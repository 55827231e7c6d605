/**
 * The controllers of kube-controller-manager and what they share: one informer per resource,
 * fed to every controller of this process; one work queue per controller (filled by the
 * apiserver's dispatcher, by the controllers' own requeues and by the periodic resync); the
 * expectations the ReplicaSet controller needs; event recorders.
 * The Endpoints controller also takes the dispatcher's per-namespace pod key (`@pods/<ns>`) and
 * fans it out onto its own queue as the namespace's Service keys.
 */
import {
  builtinResources,
  Deployment,
  Endpoints,
  KubeObject,
  Namespace,
  Pod,
  ReplicaSet,
  ResourceDefinition,
  Service,
} from '@orchestra/api';
import { ApiClient, EventRecorder, Informer, objectKey, SharedInformerFactory } from '@orchestra/client';
import { Logger } from '@orchestra/observability';
import {
  ControllerLoop,
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
import { GarbageCollectorApiAdapter } from './adapters/garbage-collector.api-adapter';
import { NamespaceApiAdapter } from './adapters/namespace.api-adapter';
import { WorkloadApiAdapter } from './adapters/workload.api-adapter';
import { ControllerExpectations, getControllerOf } from './controller-utils';
import { DeploymentReconciler } from './deployment/deployment.reconciler';
import { enqueueOnChange } from './enqueue-on-change';
import { podChangedForEndpoints } from './endpoints/pod-changed';
import { EndpointsReconciler } from './endpoints/endpoints.reconciler';
import { formatGcKey } from './garbage-collector/gc-key';
import { GarbageCollectorReconciler } from './garbage-collector/garbage-collector.reconciler';
import { NamespaceReconciler } from './namespace/namespace.reconciler';
import { ReplicaSetReconciler } from './replicaset/replicaset.reconciler';

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
  };
}

const definition = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
/** What the garbage collector watches: the owners and dependents of the workload controllers. */
const gcResources = ['Pod', 'ReplicaSet', 'Deployment'].map(definition);

interface Hosted {
  loop: ControllerLoop;
  resync: PeriodicResync;
}

export class ControllerManager {
  private readonly factory: SharedInformerFactory;
  private readonly redis: Redis;
  private readonly hosted: Hosted[] = [];
  readonly expectations = new ControllerExpectations();

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
      loopOptions(options.concurrency.replicaSet),
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
      loopOptions(options.concurrency.deployment),
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
    this.host(QueueName.Namespace, namespaceReconciler, loopOptions(options.concurrency.namespace), () =>
      namespaces.lister.keys(),
    );

    // What each controller's own informers bring, enqueued after the caches have it (see
    // enqueueOnChange); the dispatcher's jobs stay the durable path.
    const whenLeading = { isActive: options.isActive ?? (() => true), logger };
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
  }

  /** Leadership lost: stop acting at once; caches keep running so a comeback starts warm. */
  async stopControllers(): Promise<void> {
    // All at once: a loop must not keep acting while the one before it drains.
    for (const { resync } of this.hosted) resync.stop();
    await Promise.all(this.hosted.map(({ loop }) => loop.pause()));
  }

  async close(): Promise<void> {
    for (const { loop, resync } of this.hosted) {
      resync.stop();
      await loop.stop();
    }
    await this.factory.stop();
    this.redis.disconnect();
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

  private informer<T extends KubeObject | Pod | ReplicaSet | Deployment | Namespace | Service | Endpoints>(
    kind: string,
  ): Informer<T> {
    return this.factory.informerFor<T>(definition(kind) as ResourceDefinition, {});
  }

  private informers(): Informer<KubeObject>[] {
    return ['Pod', 'ReplicaSet', 'Deployment', 'Namespace', 'Service', 'Endpoints'].map((kind) =>
      this.informer<KubeObject>(kind),
    );
  }

  /**
   * client-go's ReplicaSet controller tells its expectations what the pod informer saw (before
   * enqueueOnChange enqueues the ReplicaSet: this handler is registered first, so the reconcile
   * it brings finds the expectations already lowered).
   */
  private observePodsForExpectations(pods: Informer<Pod>): void {
    const ownerKey = (pod: Pod) => controllerKey('ReplicaSet', pod);
    pods.addEventHandler({
      onAdd: (pod) => {
        const key = ownerKey(pod);
        if (key) this.expectations.creationObserved(key);
      },
      onUpdate: (old, pod) => {
        const key = ownerKey(pod);
        if (key && pod.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) {
          this.expectations.deletionObserved(key, objectKey(pod));
        }
      },
      onDelete: (pod) => {
        const key = ownerKey(pod);
        if (key) this.expectations.deletionObserved(key, objectKey(pod));
      },
    });
  }
}

/** The key of the object's controller when it is a `kind` (its owner with controller: true). */
function controllerKey(kind: string, object: Pod | ReplicaSet): string | undefined {
  const ref = getControllerOf(object);
  return ref?.kind === kind ? `${object.metadata.namespace}/${ref.name}` : undefined;
}
