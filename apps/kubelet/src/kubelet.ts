/**
 * The kubelet process: every simulated node it runs, and what they share. Per node: its own
 * container runtime (its own image cache), podCIDR, event recorder, Lease, status reporter, pod
 * informer and work-queue loop. Shared: the apiserver client, the pod workers and the syncer.
 *
 * Each node watches only its own pods (field selector `spec.nodeName=<node>`), exactly as a real
 * kubelet does: one watch per node, but each carries only that node's pods, so a process with a
 * few nodes never receives the whole cluster's pod traffic.
 */
import { builtinResources, type Node, type Pod, type ResourceDefinition } from '@orchestra/api';
import { ApiClient, EventRecorder, type Informer, SharedInformerFactory, sleep } from '@orchestra/client';
import type { Logger } from '@orchestra/observability';
import { ControllerLoop, kubeletQueueName, queuePrefix } from '@orchestra/queues';
import Redis from 'ioredis';
import type { Registry } from 'prom-client';
import { heartbeatIntervals, nodeIdentities, type KubeletConfig, type NodeIdentity } from './kubelet.config';
import { KubeletMetrics } from './kubelet.metrics';
import { initialNode, systemInfo } from './node/node-object';
import { NodeLease } from './node/node-lease';
import { registerNode } from './node/node-registration';
import { kubeTime, NodeStatusReporter } from './node/node-status.reporter';
import { PodCidrAllocator } from './node/pod-cidr.allocator';
import type { NodeContext } from './pods/node-context';
import { NodeQueueReconciler } from './pods/node-queue.reconciler';
import { PodSyncer } from './pods/pod-syncer';
import { PodWorkers } from './pods/pod-workers';
import type { ContainerRuntime } from './runtime/container-runtime';

const podsDef = builtinResources.find((d) => d.kind === 'Pod') as ResourceDefinition;
const nodesDef = builtinResources.find((d) => d.kind === 'Node') as ResourceDefinition;

export type RuntimeFactory = (node: NodeIdentity, timeScale: number) => ContainerRuntime;

export interface KubeletOptions {
  config: KubeletConfig;
  registry: Registry;
  logger: Logger;
  runtimeFactory: RuntimeFactory;
}

interface SimulatedNode extends NodeContext {
  identity: NodeIdentity;
  informer: Informer<Pod>;
  loop: ControllerLoop;
  lease?: NodeLease;
  reporter?: NodeStatusReporter;
}

export class Kubelet {
  readonly client: ApiClient;
  readonly nodes = new Map<string, SimulatedNode>();
  readonly syncer: PodSyncer;
  readonly workers: PodWorkers;
  readonly metrics: KubeletMetrics;
  private readonly factory: SharedInformerFactory;
  private readonly redis: Redis;
  private resyncTimer?: NodeJS.Timeout;
  private registered = false;
  private closed = false;
  private readonly closing = new AbortController();

  constructor(private readonly options: KubeletOptions) {
    const { config, registry, logger } = options;
    this.client = new ApiClient({
      baseUrl: config.APISERVER_URL,
      userAgent: 'kubelet/v1.32.0-orchestra (linux/amd64)',
      registry,
    });
    this.metrics = new KubeletMetrics(registry);
    this.factory = new SharedInformerFactory(this.client, { logger });
    this.redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
    this.syncer = new PodSyncer({
      client: this.client,
      logger,
      metrics: this.metrics,
      timeScale: config.TIME_SCALE,
    });
    this.workers = new PodWorkers((node, key) => this.syncer.sync(this.nodes.get(node)!, key), logger);
    for (const identity of nodeIdentities(config))
      this.nodes.set(identity.name, this.simulatedNode(identity));
    this.metrics.observe({
      nodeNames: () => [...this.nodes.keys()],
      runningPods: () => this.syncer.running.size,
      containers: () => this.liveContainers(),
    });
  }

  /** Registers every node (retrying until the apiserver answers), then starts heartbeats and pods. */
  async start(): Promise<void> {
    await Promise.all([...this.nodes.values()].map((node) => this.register(node)));
    if (this.closed) return;
    this.registered = true;
    this.factory.start();
    await this.factory.waitForSync();
    for (const node of this.nodes.values()) await node.loop.start();
    // A resync now and then, as the kubelet's syncFrequency: a lost job delays a pod, never strands it.
    const resyncMs = Math.max(1_000, 60_000 / this.options.config.TIME_SCALE);
    const resync = () => {
      this.resyncAll();
      this.resyncTimer = setTimeout(resync, resyncMs);
      this.resyncTimer.unref();
    };
    resync();
  }

  hasSynced(): boolean {
    return this.registered && [...this.nodes.values()].every((n) => n.informer.hasSynced());
  }

  async close(): Promise<void> {
    this.closed = true;
    this.closing.abort();
    clearTimeout(this.resyncTimer);
    for (const node of this.nodes.values()) {
      node.lease?.stop();
      node.reporter?.stop();
      await node.loop.stop();
    }
    await this.workers.stop();
    this.syncer.stop(); // probers and back-off timers
    await this.factory.stop();
    this.redis.disconnect();
  }

  /** The node and pod a pod IP belongs to (pod traffic, logs). */
  podByIP(ip: string): { node: SimulatedNode; key: string } | undefined {
    for (const node of this.nodes.values()) {
      const uid = node.ips.uidOf(ip);
      if (!uid) continue;
      for (const record of this.syncer.running.values()) {
        if (record.uid === uid) return { node, key: record.key };
      }
    }
    return undefined;
  }

  private simulatedNode(identity: NodeIdentity): SimulatedNode {
    const { config, logger, registry } = this.options;
    const informer = this.factory.informerFor<Pod>(podsDef, {
      fieldSelector: `spec.nodeName=${identity.name}`,
    });
    const runtime = this.options.runtimeFactory(identity, config.TIME_SCALE);
    runtime.onExit((id) => {
      const record = this.syncer.podOfContainer(id);
      if (record) this.workers.update(record.nodeName, record.key);
    });
    const enqueue = (pod: Pod) =>
      this.workers.update(identity.name, `${pod.metadata.namespace}/${pod.metadata.name}`);
    informer.addEventHandler({ onAdd: enqueue, onUpdate: (_old, pod) => enqueue(pod), onDelete: enqueue });
    const loop = new ControllerLoop(
      kubeletQueueName(identity.name),
      new NodeQueueReconciler(identity.name, this.workers),
      {
        connection: this.redis,
        prefix: queuePrefix(config.ORCHESTRA_KEY_PREFIX),
        registry,
        logger,
        concurrency: 4,
      },
    );
    return {
      identity,
      name: identity.name,
      address: config.KUBELET_ADVERTISE_ADDRESS,
      runtime,
      ips: new PodCidrAllocator(identity.index),
      events: new EventRecorder({ client: this.client, component: 'kubelet', host: identity.name, logger }),
      pods: informer.lister,
      images: new Set(),
      informer,
      loop,
    };
  }

  private async register(node: SimulatedNode): Promise<void> {
    const { config, logger } = this.options;
    const desired = initialNode(
      {
        name: node.name,
        index: node.identity.index,
        zone: node.identity.zone,
        cpu: config.NODE_CPU,
        memory: config.NODE_MEMORY,
        pods: config.NODE_PODS,
        role: config.NODE_ROLE,
        address: config.KUBELET_ADVERTISE_ADDRESS,
        kubeletPort: config.KUBELET_PORT,
      },
      systemInfo(),
    );
    const nodes = this.client.resource<Node>(nodesDef);
    let registered: Node | undefined;
    for (let delay = 500; !registered && !this.closed; delay = Math.min(delay * 2, 7_000)) {
      try {
        registered = await registerNode(nodes, desired, kubeTime(Date.now()));
        logger.info('node registered', { node: node.name, podCIDR: node.ips.cidr, zone: node.identity.zone });
      } catch (error) {
        logger.warn('unable to register node with the apiserver; retrying', { node: node.name, error });
        await sleep(delay, this.closing.signal);
      }
    }
    if (!registered || this.closed) return;
    const { leaseRenewMs, statusMs } = heartbeatIntervals(config);
    node.lease = new NodeLease(
      this.client,
      { name: node.name, uid: registered.metadata.uid },
      leaseRenewMs,
      logger,
    );
    node.reporter = new NodeStatusReporter(this.client, node.name, statusMs, () => [...node.images], logger);
    node.lease.start();
    node.reporter.start();
  }

  private resyncAll(): void {
    for (const node of this.nodes.values()) {
      for (const key of node.informer.lister.keys()) this.workers.update(node.name, key);
    }
    // Pods this kubelet still runs but the cache no longer has (deleted while the watch was down).
    for (const record of this.syncer.running.values()) this.workers.update(record.nodeName, record.key);
  }

  private liveContainers() {
    return [...this.syncer.running.values()].flatMap((record) => {
      const node = this.nodes.get(record.nodeName)!;
      const [namespace, pod] = record.key.split('/');
      return [...record.containers.values()]
        .filter((c) => c.id)
        .map((c) => ({
          namespace,
          pod,
          container: c.name,
          status: node.runtime.containerStatus(c.id!),
          usage: node.runtime.usage(c.id!),
        }));
    });
  }
}
