/**
 * The cloud-controller-manager's controllers and what they share: one informer per resource
 * (Nodes, Services, Pods), the simulated cloud, and the controllers:
 * - cloud-node: initialises Nodes of cloud instances (providerID, topology labels, the
 *   uninitialized taint removed), a work queue of node names fed by the Node informer;
 * - cloud-node-lifecycle: deletes NotReady Nodes whose instance is gone, every monitor period;
 * - service: load balancers for `type: LoadBalancer` Services, a work queue of Service keys;
 * - cluster-autoscaler: adds and removes instances of the node group, every scan interval;
 * - chaos instance-terminate: terminates the instance of a Node the chaos controller annotated.
 * The work queues are BullMQ queues like kube-controller-manager's, fed by this process's own
 * informers (the apiserver's dispatcher routes nothing here) and a periodic resync.
 */
import { builtinResources, type Node, type Pod, type ResourceDefinition, type Service } from '@orchestra/api';
import { ApiClient, EventRecorder, objectKey, SharedInformerFactory, type Informer } from '@orchestra/client';
import type { Logger } from '@orchestra/observability';
import { ControllerLoop, PeriodicResync, QueueName, queuePrefix } from '@orchestra/queues';
import Redis from 'ioredis';
import type { Registry } from 'prom-client';
import type { CloudControllerManagerConfig } from './cloud-controller-manager.config';
import { autoscalerTimings, zonesOf } from './cloud-controller-manager.config';
import { RedisCloudState } from './cloud/cloud-state';
import { parseIpRange } from './cloud/ip-pool';
import { SimulatedCloud } from './cloud/simulated-cloud';
import { ChaosInstanceTerminator } from './cloud-node/chaos-instance-terminator';
import { CloudNodeLifecycleController } from './cloud-node/cloud-node-lifecycle.controller';
import { CloudNodeReconciler, isUninitialized, LABEL_REGION } from './cloud-node/cloud-node.reconciler';
import { instanceIdOf } from './cloud/cloud-provider';
import { ClusterAutoscaler } from './cluster-autoscaler/cluster-autoscaler';
import { ClusterAutoscalerMetrics } from './cluster-autoscaler/cluster-autoscaler.metrics';
import {
  ServiceLoadBalancerReconciler,
  wantsLoadBalancer,
  LOAD_BALANCER_CLEANUP_FINALIZER,
} from './service/service-load-balancer.reconciler';

/**
 * Nodes the cloud-node controller has work on: tainted uninitialized, or of this cloud and not
 * labelled yet. The static nodes (no providerID, no taint) are not enqueued on every heartbeat.
 */
function needsInitialising(node: Node): boolean {
  if (isUninitialized(node)) return true;
  return !!instanceIdOf(node.spec?.providerID) && !node.metadata.labels?.[LABEL_REGION];
}

const definition = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

export interface CloudControllerManagerOptions {
  config: CloudControllerManagerConfig;
  client: ApiClient;
  registry: Registry;
  logger: Logger;
}

export class CloudControllerManager {
  readonly cloud: SimulatedCloud;
  readonly autoscaler: ClusterAutoscaler;
  readonly lifecycle: CloudNodeLifecycleController;
  readonly chaos: ChaosInstanceTerminator;
  private readonly factory: SharedInformerFactory;
  private readonly redis: Redis;
  private readonly loops: { loop: ControllerLoop; resync: PeriodicResync }[] = [];
  private readonly nodes: Informer<Node>;
  private readonly services: Informer<Service>;
  private readonly pods: Informer<Pod>;

  constructor(private readonly options: CloudControllerManagerOptions) {
    const { config, client, registry, logger } = options;
    this.redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
    this.cloud = new SimulatedCloud({
      state: new RedisCloudState(this.redis, config.ORCHESTRA_KEY_PREFIX),
      region: config.CLOUD_REGION,
      zones: zonesOf(config),
      instanceType: config.CLOUD_INSTANCE_TYPE,
      capacity: {
        cpu: config.CLOUD_INSTANCE_CPU,
        memory: config.CLOUD_INSTANCE_MEMORY,
        pods: String(config.CLOUD_INSTANCE_PODS),
      },
      nodeGroup: {
        name: config.NODE_POOL_NAME,
        minSize: config.NODE_POOL_MIN_SIZE,
        maxSize: config.NODE_POOL_MAX_SIZE,
        nodeNamePrefix: config.NODE_POOL_NODE_PREFIX,
      },
      loadBalancerIps: parseIpRange(config.LOAD_BALANCER_IP_RANGE),
    });
    this.factory = new SharedInformerFactory(client, { logger });
    this.nodes = this.factory.informerFor<Node>(definition('Node'), {});
    this.services = this.factory.informerFor<Service>(definition('Service'), {});
    this.pods = this.factory.informerFor<Pod>(definition('Pod'), {});
    const nodesApi = client.resource<Node>(definition('Node'));
    const recorder = (component: string) => new EventRecorder({ client, component, logger });
    const loopOptions = {
      connection: this.redis,
      prefix: queuePrefix(config.ORCHESTRA_KEY_PREFIX),
      registry,
      logger,
      concurrency: 1,
    };

    const cloudNodeLoop = this.host(
      QueueName.CloudNode,
      new CloudNodeReconciler(this.nodes.lister, nodesApi, this.cloud),
      { ...loopOptions, objectAttribute: 'k8s.node.name' },
      () =>
        this.nodes.lister
          .list()
          .filter(needsInitialising)
          .map((n) => n.metadata.name!),
    );
    this.enqueueOn(this.nodes, cloudNodeLoop, (node) =>
      needsInitialising(node) ? [node.metadata.name!] : [],
    );

    const serviceLoop = this.host(
      QueueName.Service,
      new ServiceLoadBalancerReconciler(
        this.services.lister,
        client.resource<Service>(definition('Service')),
        this.cloud,
        recorder('service-controller'),
      ),
      { ...loopOptions, concurrency: 2, objectAttribute: 'k8s.service.name' },
      () =>
        this.services.lister
          .list()
          .filter(
            (s) => wantsLoadBalancer(s) || s.metadata.finalizers?.includes(LOAD_BALANCER_CLEANUP_FINALIZER),
          )
          .map(objectKey),
    );
    this.enqueueOn(this.services, serviceLoop, (svc) => [objectKey(svc)]);

    this.chaos = new ChaosInstanceTerminator(
      this.nodes,
      this.cloud,
      recorder('cloud-node-lifecycle-controller'),
      logger,
    );
    this.lifecycle = new CloudNodeLifecycleController({
      nodes: this.nodes.lister,
      nodesApi,
      cloud: this.cloud,
      events: recorder('cloud-node-lifecycle-controller'),
      logger,
      periodMs: config.NODE_MONITOR_PERIOD_MS,
    });
    this.autoscaler = new ClusterAutoscaler({
      pods: this.pods.lister,
      nodes: this.nodes.lister,
      nodesApi,
      podsApi: client.resource<Pod>(definition('Pod')),
      cloud: this.cloud,
      events: recorder('cluster-autoscaler'),
      metrics: new ClusterAutoscalerMetrics(registry),
      logger,
      ...autoscalerTimings(config),
      maxNodeProvisionMs: config.AUTOSCALER_MAX_NODE_PROVISION_MS,
    });
  }

  startInformers(): void {
    this.factory.start();
  }

  waitForSync(): Promise<void> {
    return this.factory.waitForSync();
  }

  hasSynced(): boolean {
    return [this.nodes, this.services, this.pods].every((i) => i.hasSynced());
  }

  async startControllers(): Promise<void> {
    for (const { loop, resync } of this.loops) {
      await loop.start();
      resync.start();
      await resync.resyncNow();
    }
    this.lifecycle.start();
    this.autoscaler.start();
  }

  async close(): Promise<void> {
    await this.autoscaler.stop();
    await this.lifecycle.stop();
    for (const { loop, resync } of this.loops) {
      resync.stop();
      await loop.stop();
    }
    await this.factory.stop();
    this.redis.disconnect();
  }

  private host(
    queue: string,
    reconciler: ConstructorParameters<typeof ControllerLoop>[1],
    options: ConstructorParameters<typeof ControllerLoop>[2],
    listKeys: () => string[],
  ): ControllerLoop {
    const loop = new ControllerLoop(queue, reconciler, options);
    const resync = new PeriodicResync(loop.queue, {
      listKeys,
      periodMs: this.options.config.RESYNC_PERIOD_MS,
      onError: (error) => this.options.logger.warn('resync failed', { controller: reconciler.name, error }),
    });
    this.loops.push({ loop, resync });
    return loop;
  }

  /** Enqueues the keys of a changed object, once the cache has it (the initial list is the resync's). */
  private enqueueOn<T extends Node | Service>(
    informer: Informer<T>,
    loop: ControllerLoop,
    keysOf: (object: T) => string[],
  ): void {
    const enqueue = (object: T, traceparent?: string) => {
      if (!informer.hasSynced()) return;
      const keys = keysOf(object);
      if (keys.length === 0) return;
      loop.queue
        .addMany(keys.map((key) => ({ key, traceparent })))
        .catch((error) => this.options.logger.warn('enqueue failed', { queue: loop.queueName, keys, error }));
    };
    informer.addEventHandler({
      onAdd: (object, traceparent) => enqueue(object, traceparent),
      onUpdate: (_old, object, traceparent) => enqueue(object, traceparent),
      onDelete: (object) => enqueue(object),
    });
  }
}
