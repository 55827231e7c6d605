/**
 * The kubelet process: every simulated node it runs, and what they share. Per node: its own
 * container runtime (its own image cache), podCIDR, event recorder, Lease and status reporter.
 * Shared: the apiserver clients, the pod informer, the node-queue consumer, the pod workers and
 * the syncer.
 *
 * One pod watch for the whole process (see podInformerOptions): a kubelet of one node watches
 * `spec.nodeName=<node>`, exactly as a real kubelet; a kubelet of many watches the bound pods and
 * keeps its own nodes' ones, instead of holding one watch (and one cache) open per node.
 */
import {
  builtinResources,
  fnv32a,
  NODE_DOWN_ANNOTATION,
  NODE_PARTITION_ANNOTATION,
  type Node,
  type Pod,
  type ResourceDefinition,
} from '@orchestra/api';
import {
  ApiClient,
  EventRecorder,
  Informer,
  type Lister,
  objectKey,
  readBearerToken,
  readNodeTokens,
  sleep,
} from '@orchestra/client';
import type { Logger } from '@orchestra/observability';
import { kubeletQueueName, MultiQueueConsumer, queuePrefix, QueueStallGate } from '@orchestra/queues';
import Redis from 'ioredis';
import type { Registry } from 'prom-client';
import {
  clusterNetworkSettings,
  heartbeatIntervals,
  nodeIdentities,
  poolNodeNames,
  type KubeletConfig,
  type NodeIdentity,
} from './kubelet.config';
import { KubeletMetrics } from './kubelet.metrics';
import { initialNode, systemInfo } from './node/node-object';
import { NodeLease } from './node/node-lease';
import { NodeFaultSwitch } from './node/node-fault-switch';
import { NodeNetwork } from './node/node-network';
import { NodePool, type PoolInstance } from './node/node-pool';
import { registerNode } from './node/node-registration';
import { kubeTime, NodeStatusReporter } from './node/node-status.reporter';
import { PodCidrAllocator } from './node/pod-cidr.allocator';
import { apiConfigSource, SHARED_READ_FRACTION } from './config/config-objects';
import type { NodeContext } from './pods/node-context';
import { PodSyncer } from './pods/pod-syncer';
import { PodWorkers } from './pods/pod-workers';
import type { ContainerRuntime } from './runtime/container-runtime';

/** The periodic resync goes through the pods in this many slices, one per tick. */
const RESYNC_SLICES = 20;

const USER_AGENT = 'kubelet/v1.32.0-orchestra (linux/amd64)';

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
  /** The node's own link to the apiserver (node-partition cuts it) and its clients over it. */
  network: NodeNetwork;
  api: ApiClient;
  /** node-partition: the node's pods as it last saw them (its watch is down). */
  frozen?: Map<string, Pod>;
  lease?: NodeLease;
  reporter?: NodeStatusReporter;
  /** Node-pool mode: the cloud instance this node runs for, and the node's own queue consumer. */
  instance?: PoolInstance;
  queue?: MultiQueueConsumer;
}

/** The taint a kubelet with an external cloud provider registers with; the cloud-node controller removes it. */
export const UNINITIALIZED_TAINT = {
  key: 'node.cloudprovider.kubernetes.io/uninitialized',
  value: 'true',
  effect: 'NoSchedule' as const,
};

export class Kubelet {
  readonly client: ApiClient;
  readonly nodes = new Map<string, SimulatedNode>();
  readonly syncer: PodSyncer;
  readonly workers: PodWorkers;
  readonly metrics: KubeletMetrics;
  /**
   * Chaos queue-stall of node queues (`kubelet-<node>`): while one is stalled, its jobs wait in
   * Redis and none of the node's pods is synced, whatever asks (informer, exits, resync); each
   * is looked at again when the stall ends. The service feeds it from the chaos agent.
   */
  readonly stalls = new QueueStallGate();
  /** Every pod bound to one of this process's nodes. */
  private readonly pods: Informer<Pod>;
  /** This process's Nodes as the apiserver has them: their chaos annotations (node-down). */
  private readonly nodeObjects: Informer<Node>;
  private readonly power: NodeFaultSwitch;
  private readonly partitions: NodeFaultSwitch;
  /** The node queues (`kubelet-<node>`) the apiserver's dispatcher fills, all of them. */
  private readonly nodeQueues: MultiQueueConsumer;
  private readonly redis: Redis;
  private resyncTimer?: NodeJS.Timeout;
  private registered = false;
  private closed = false;
  private readonly closing = new AbortController();
  /** Node-pool mode: boots and stops nodes as the cloud's instances come and go. */
  private readonly pool?: NodePool;
  /** Node name → the token it authenticates with. */
  private readonly nodeTokens: Map<string, string | undefined>;

  constructor(private readonly options: KubeletOptions) {
    const { config, registry, logger } = options;
    const identities = nodeIdentities(config);
    const poolNames = poolNodeNames(config);
    this.nodeTokens = nodeTokensFor(config, [...identities.map((n) => n.name), ...poolNames]);
    // What the process reads for all its nodes (their pods, their Node objects) it reads as its first node.
    this.client = new ApiClient({
      baseUrl: config.APISERVER_URL,
      userAgent: USER_AGENT,
      registry,
      token: this.nodeTokens.get(identities[0]?.name ?? poolNames[0]),
    });
    this.metrics = new KubeletMetrics(registry);
    this.pods = new Informer<Pod>(this.client.resource<Pod>(podsDef), {
      logger,
      // Pool nodes come and go: every bound pod is watched, the current nodes' ones kept.
      ...(poolNames.length
        ? { fieldSelector: 'spec.nodeName!=', keep: (pod: Pod) => this.nodes.has(pod.spec.nodeName ?? '') }
        : podInformerOptions(identities.map((n) => n.name))),
    });
    // With the change's trace context: a pod sync the informer starts joins the binding's trace.
    const enqueue = (pod: Pod, traceparent?: string) =>
      this.workers.update(pod.spec.nodeName!, objectKey(pod), traceparent);
    this.pods.addEventHandler({
      onAdd: enqueue,
      onUpdate: (_old, pod, traceparent) => enqueue(pod, traceparent),
      onDelete: enqueue,
    });
    this.redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
    this.syncer = new PodSyncer({
      client: this.client,
      logger,
      metrics: this.metrics,
      timeScale: config.TIME_SCALE,
      configRefreshMs: config.VOLUME_REFRESH_MS,
    });
    this.workers = new PodWorkers((node, key) => {
      const stalledUntil = this.stalls.stalledUntil(kubeletQueueName(node));
      if (stalledUntil !== undefined) return Promise.resolve({ resyncAfterMs: stalledUntil - Date.now() });
      const context = this.nodes.get(node);
      // A pool node stopped meanwhile: its pods went with it.
      if (!context) return Promise.resolve({});
      return this.syncer.sync(context, key);
    }, logger);
    for (const identity of identities) this.nodes.set(identity.name, this.simulatedNode(identity));
    this.power = new NodeFaultSwitch(NODE_DOWN_ANNOTATION, {
      begin: (name, until) => this.powerOff(name, until),
      end: (name) => this.powerOn(name),
    });
    this.partitions = new NodeFaultSwitch(NODE_PARTITION_ANNOTATION, {
      begin: (name, until) => this.partition(name, until),
      end: (name) => this.heal(name),
    });
    this.nodeObjects = new Informer<Node>(this.client.resource<Node>(nodesDef), {
      logger,
      keep: (node) => this.nodes.has(node.metadata.name ?? ''),
    });
    this.nodeObjects.addEventHandler({
      onAdd: (node) => this.observeNode(node),
      onUpdate: (_old, node) => this.observeNode(node),
    });
    // The dispatcher's jobs only hand the pod's key to its pod worker (which does not wait for the
    // sync: a pull or a grace period must not hold up the node's other pods), as the kubelet's
    // syncLoop dispatches to its per-pod goroutines.
    const nodeOfQueue = new Map(identities.map((n) => [kubeletQueueName(n.name), n.name]));
    this.nodeQueues = new MultiQueueConsumer({
      connection: this.redis,
      prefix: queuePrefix(config.ORCHESTRA_KEY_PREFIX),
      metricsName: 'kubelet',
      registry,
      stalls: this.stalls,
      logger,
      handle: (queue, job) => this.workers.update(nodeOfQueue.get(queue)!, job.key, job.traceparent),
    });
    for (const queue of nodeOfQueue.keys()) this.nodeQueues.add(queue);
    if (poolNames.length)
      this.pool = new NodePool({
        cloudUrl: config.CLOUD_PROVIDER_URL,
        nodeNames: poolNames,
        pollMs: config.NODE_POOL_POLL_MS,
        logger,
        host: { boot: (instance) => this.bootPoolNode(instance), stop: (name) => this.stopPoolNode(name) },
      });
    this.metrics.observe({
      nodeNames: () => [...this.nodes.keys()],
      runningPods: () => this.syncer.running.size,
      containers: () => this.liveContainers(),
    });
  }

  /** Registers every node (retrying until the apiserver answers), then starts heartbeats and pods. */
  async start(): Promise<void> {
    this.nodeObjects.start();
    await Promise.all([...this.nodes.values()].map((node) => this.register(node)));
    if (this.closed) return;
    this.registered = true;
    this.pods.start();
    await this.pods.waitForSync();
    // NODES=0 (pool nodes only): no static node queue to follow; each pool node has its own consumer.
    if (this.options.config.NODES > 0) await this.nodeQueues.start();
    this.pool?.start();
    // Every pod is synced again once per syncFrequency (a lost job delays a pod, never strands
    // it), a slice at a time: ten thousand syncs at once would stall every other write.
    const resyncMs = Math.max(1_000, 60_000 / this.options.config.TIME_SCALE);
    let slice = 0;
    const resync = () => {
      this.resyncSlice(slice, RESYNC_SLICES);
      slice = (slice + 1) % RESYNC_SLICES;
      this.resyncTimer = setTimeout(resync, resyncMs / RESYNC_SLICES);
      this.resyncTimer.unref();
    };
    resync();
  }

  hasSynced(): boolean {
    return this.registered && this.pods.hasSynced();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.closing.abort();
    clearTimeout(this.resyncTimer);
    await this.pool?.stop();
    this.power.stop();
    this.partitions.stop();
    await this.nodeObjects.stop();
    for (const node of this.nodes.values()) {
      node.lease?.stop();
      node.reporter?.stop();
    }
    await Promise.all([...this.nodes.values()].map((node) => node.queue?.stop()));
    await this.nodeQueues.stop();
    await this.workers.stop();
    this.syncer.stop(); // probers and back-off timers
    await this.pods.stop();
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
    const { config, logger } = this.options;
    const runtime = this.options.runtimeFactory(identity, config.TIME_SCALE);
    const network = new NodeNetwork(identity.name);
    const token = this.nodeTokens.get(identity.name);
    const api = new ApiClient({
      baseUrl: config.APISERVER_URL,
      userAgent: USER_AGENT,
      registry: this.options.registry,
      fetch: network.fetch,
      token,
    });
    // Events go through their own connections: after a burst of pod starts, thousands of them can
    // wait their turn, and pod status writes must not wait behind them (client-go's event
    // broadcaster likewise sends from its own queue, apart from the status manager).
    const eventsClient = new ApiClient({
      baseUrl: config.APISERVER_URL,
      userAgent: USER_AGENT,
      registry: this.options.registry,
      maxInFlight: 8,
      fetch: network.fetch,
      token,
    });
    runtime.onExit((id) => {
      const record = this.syncer.podOfContainer(id);
      if (record) this.workers.update(record.nodeName, record.key);
    });
    const node: SimulatedNode = {
      identity,
      network,
      api,
      podsApi: api.resource<Pod>(podsDef),
      configObjects: apiConfigSource(api, config.VOLUME_REFRESH_MS * SHARED_READ_FRACTION),
      partitioned: () => network.partitioned,
      name: identity.name,
      address: config.KUBELET_ADVERTISE_ADDRESS,
      runtime,
      ips: new PodCidrAllocator(identity.index),
      events: new EventRecorder({
        client: eventsClient,
        component: 'kubelet',
        host: identity.name,
        logger,
        signal: this.closing.signal,
      }),
      pods: podsOfNode(this.pods.lister, identity.name, () => node.frozen),
      images: new Set(),
      poweredOff: () => this.power.isOn(identity.name),
      clusterNetwork: clusterNetworkSettings(config),
    };
    return node;
  }

  private async register(node: SimulatedNode): Promise<void> {
    const { config, logger } = this.options;
    const desired = initialNode(
      {
        name: node.name,
        index: node.identity.index,
        zone: node.identity.zone,
        cpu: node.instance?.capacity.cpu ?? config.NODE_CPU,
        memory: node.instance?.capacity.memory ?? config.NODE_MEMORY,
        pods: node.instance ? Number(node.instance.capacity.pods) : config.NODE_PODS,
        role: config.NODE_ROLE,
        address: config.KUBELET_ADVERTISE_ADDRESS,
        kubeletPort: config.KUBELET_PORT,
      },
      systemInfo(),
    );
    if (node.instance) {
      // As a kubelet with --cloud-provider=external and --provider-id: the cloud-node controller
      // adds the region label and lifts the taint once the cloud confirms the instance.
      desired.metadata.labels!['node.kubernetes.io/instance-type'] = node.instance.instanceType;
      desired.spec = {
        ...desired.spec,
        providerID: `orchestra://${node.instance.id}`,
        taints: [UNINITIALIZED_TAINT],
      };
    }
    const nodes = node.api.resource<Node>(nodesDef);
    let registered: Node | undefined;
    // A pool node stopped while it retries (its instance terminated) stops retrying.
    const current = () => this.nodes.get(node.name) === node;
    for (let delay = 500; !registered && !this.closed && current(); delay = Math.min(delay * 2, 7_000)) {
      try {
        registered = await registerNode(nodes, desired, kubeTime(Date.now()));
        logger.info('node registered', { node: node.name, podCIDR: node.ips.cidr, zone: node.identity.zone });
      } catch (error) {
        logger.warn('unable to register node with the apiserver; retrying', { node: node.name, error });
        await sleep(delay, this.closing.signal);
      }
    }
    // A pool node stopped while it registered: nothing to start.
    if (!registered || this.closed || !current()) return;
    const { leaseRenewMs, statusMs } = heartbeatIntervals(config);
    node.lease = new NodeLease(
      node.api,
      { name: node.name, uid: registered.metadata.uid },
      leaseRenewMs,
      logger,
    );
    node.reporter = new NodeStatusReporter(node.api, node.name, statusMs, () => [...node.images], logger);
    if (this.power.isOn(node.name)) return; // powering on starts them
    node.lease.start();
    node.reporter.start();
  }

  /**
   * Node-pool mode: a cloud instance was launched; its node is built, registered and given its
   * own queue consumer (the process-wide one takes no queues after it started).
   */
  private bootPoolNode(instance: PoolInstance): void {
    const { config, logger, registry } = this.options;
    const slot = Number(/-(\d+)$/.exec(instance.nodeName)?.[1] ?? 0);
    const node = this.simulatedNode({
      name: instance.nodeName,
      index: config.NODE_POOL_INDEX_OFFSET + slot,
      zone: instance.zone,
    });
    node.instance = instance;
    node.queue = new MultiQueueConsumer({
      connection: this.redis,
      prefix: queuePrefix(config.ORCHESTRA_KEY_PREFIX),
      metricsName: `kubelet-${instance.nodeName}`,
      registry,
      stalls: this.stalls,
      logger,
      handle: (_queue, job) => this.workers.update(instance.nodeName, job.key, job.traceparent),
    });
    node.queue.add(kubeletQueueName(instance.nodeName));
    this.nodes.set(instance.nodeName, node);
    void this.register(node)
      .then(() => (this.nodes.get(node.name) === node ? node.queue?.start() : undefined))
      .catch((error) => logger.error('pool node failed to boot', { node: node.name, error }));
  }

  /** Node-pool mode: its instance is gone, and the node with it: heartbeats stop, its containers die. */
  private async stopPoolNode(name: string): Promise<void> {
    const node = this.nodes.get(name);
    if (!node) return;
    this.nodes.delete(name);
    node.lease?.stop();
    node.reporter?.stop();
    await node.queue?.stop();
    await this.syncer.forgetNode(node);
  }

  /** A node cut off or powered off hears nothing: each fault ends on its own timer. */
  private observeNode(node: Node): void {
    const name = node.metadata.name!;
    if (!this.partitions.isOn(name)) this.power.observe(node);
    if (!this.power.isOn(name)) this.partitions.observe(node);
  }

  /** chaos node-partition: its requests fail; it goes on with its pods as it last saw them. */
  private partition(name: string, until: number): void {
    const node = this.nodes.get(name)!;
    this.options.logger.warn('node partitioned from the apiserver (chaos node-partition)', {
      node: name,
      until: new Date(until).toISOString(),
    });
    node.frozen = new Map(
      this.pods.lister
        .list()
        .filter((pod) => pod.spec.nodeName === name)
        .map((pod) => [objectKey(pod), pod]),
    );
    node.network.partition();
  }

  /** Healed: the pods as the apiserver has them now (a relist), heartbeat and status at once, all synced. */
  private heal(name: string): void {
    const node = this.nodes.get(name)!;
    const { logger } = this.options;
    logger.info('node partition healed (chaos node-partition over): reconciling', { node: name });
    node.network.heal();
    node.frozen = undefined;
    node.lease?.stop();
    node.lease?.start();
    void node.reporter
      ?.report()
      .catch((error) => logger.warn('failed to update node status', { node: name, error }));
    for (const pod of this.pods.lister.list())
      if (pod.spec.nodeName === name) this.workers.update(name, objectKey(pod));
    for (const record of this.syncer.running.values())
      if (record.nodeName === name) this.workers.update(name, record.key);
  }

  /** chaos node-down: heartbeats stop and every container of the node dies, as at a power loss. */
  private powerOff(name: string, until: number): void {
    const node = this.nodes.get(name)!;
    this.options.logger.warn('node powered off (chaos node-down)', {
      node: name,
      until: new Date(until).toISOString(),
    });
    node.lease?.stop();
    node.reporter?.stop();
    for (const record of this.syncer.running.values()) {
      if (record.nodeName !== name) continue;
      for (const container of record.containers.values())
        if (container.id)
          void node.runtime
            .killContainer(container.id, 'node lost power (chaos node-down)')
            .catch(() => undefined);
    }
  }

  /** Back on: heartbeats and a status report at once (so the taints go quickly), then every pod synced. */
  private powerOn(name: string): void {
    const node = this.nodes.get(name)!;
    const { logger } = this.options;
    logger.info('node powered on (chaos node-down over)', { node: name });
    node.lease?.start();
    if (node.reporter) {
      void node.reporter
        .report()
        .catch((error) => logger.warn('failed to update node status', { node: name, error }));
      node.reporter.start();
    }
    for (const pod of this.pods.lister.list())
      if (pod.spec.nodeName === name) this.workers.update(name, objectKey(pod));
    for (const record of this.syncer.running.values())
      if (record.nodeName === name) this.workers.update(name, record.key);
  }

  /** Syncs the pods whose key falls in slice `slice` of `slices`. */
  private resyncSlice(slice: number, slices: number): void {
    const inSlice = (key: string) => sliceOf(key, slices) === slice;
    for (const pod of this.pods.lister.list()) {
      const key = objectKey(pod);
      if (inSlice(key)) this.workers.update(pod.spec.nodeName!, key);
    }
    // Pods this kubelet still runs but the cache no longer has (deleted while the watch was down).
    for (const record of this.syncer.running.values())
      if (inSlice(record.key)) this.workers.update(record.nodeName, record.key);
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

/**
 * The process's pod watch. One node: `spec.nodeName=<node>`, as a real kubelet. More: the field
 * selector language has no "in", so the watch takes every bound pod (`spec.nodeName!=`) and the
 * informer keeps those of this process's nodes; the apiserver then serves one watch per kubelet
 * process rather than one per node.
 */
export function podInformerOptions(nodeNames: string[]): {
  fieldSelector: string;
  keep?: (pod: Pod) => boolean;
} {
  if (nodeNames.length === 1) return { fieldSelector: `spec.nodeName=${nodeNames[0]}` };
  const ours = new Set(nodeNames);
  return { fieldSelector: 'spec.nodeName!=', keep: (pod) => ours.has(pod.spec.nodeName ?? '') };
}

/** One node's view of the shared pod cache. */
function podsOfNode(
  pods: Lister<Pod>,
  nodeName: string,
  frozen: () => Map<string, Pod> | undefined,
): NodeContext['pods'] {
  return {
    get: (key) => {
      const view = frozen();
      const pod = view ? view.get(key) : pods.get(key);
      return pod?.spec.nodeName === nodeName ? pod : undefined;
    },
  };
}

/** A stable slice for a pod key, so each pod is resynced once per round. */
function sliceOf(key: string, slices: number): number {
  return fnv32a(Buffer.from(key)) % slices;
}

/** Each node's token: its own from NODE_TOKENS_FILE, else the process's APISERVER_TOKEN_FILE. */
function nodeTokensFor(config: KubeletConfig, names: string[]): Map<string, string | undefined> {
  const own = readNodeTokens(config.NODE_TOKENS_FILE);
  const shared = readBearerToken(config.APISERVER_TOKEN_FILE);
  const missing = names.filter((name) => !own.has(name));
  if (config.NODE_TOKENS_FILE && missing.length > 0) {
    throw new Error(
      `NODE_TOKENS_FILE: ${config.NODE_TOKENS_FILE} has no system:node:<name> line for ${missing.join(', ')}`,
    );
  }
  return new Map(names.map((name) => [name, own.get(name) ?? shared]));
}
