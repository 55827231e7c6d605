/**
 * The cluster autoscaler's loop (cluster-autoscaler's StaticAutoscaler.RunOnce), every scan
 * interval: reads the pods and nodes from the informer caches and the node group from the cloud,
 * then at most one action: a scale-up for Unschedulable pods a new node would hold (scale-up.ts;
 * TriggeredScaleUp on each pod), or the removal of one node that has held nothing but DaemonSet
 * and mirror pods for the unneeded time (scale-down.ts): the node is cordoned and tainted
 * ToBeDeletedByClusterAutoscaler ("ScaleDown" on the node), then its instance is terminated; the
 * cloud-node-lifecycle controller deletes the Node once it is gone and NotReady.
 */
import type { Node, Pod } from '@orchestra/api';
import type { EventRecorder, Lister, ResourceClient } from '@orchestra/client';
import type { Logger } from '@orchestra/observability';
import {
  providerIdOf,
  type CloudInstance,
  type CloudProvider,
  type NodeGroup,
} from '../cloud/cloud-provider';
import { isNodeReady } from '../cloud-node/cloud-node-lifecycle.controller';
import { isUninitialized } from '../cloud-node/cloud-node.reconciler';
import type { ClusterAutoscalerMetrics } from './cluster-autoscaler.metrics';
import { capacityRoom, minus, podRequests, type Room } from './node-room';
import { ScaleDownPlanner, type ScaleDownDecision } from './scale-down';
import { planScaleUp, type ScaleUpDecision } from './scale-up';

export const TO_BE_DELETED_TAINT_KEY = 'ToBeDeletedByClusterAutoscaler';
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

export interface ClusterAutoscalerOptions {
  pods: Lister<Pod>;
  nodes: Lister<Node>;
  nodesApi: ResourceClient<Node>;
  /** A fresh read of a node's pods before it goes: the informer cache may lag behind a binding. */
  podsApi: ResourceClient<Pod>;
  cloud: CloudProvider;
  events: EventRecorder;
  metrics: ClusterAutoscalerMetrics;
  logger: Logger;
  scanIntervalMs: number;
  unneededMs: number;
  delayAfterAddMs: number;
  maxNodeProvisionMs: number;
  now?: () => number;
  isActive?: () => boolean;
}

export interface RunOnceResult {
  scaleUp: ScaleUpDecision;
  scaleDown?: ScaleDownDecision;
}

/** Pending, and the scheduler said there is no room: PodScheduled=False, reason Unschedulable. */
export function isUnschedulable(pod: Pod): boolean {
  if (pod.spec.nodeName || pod.metadata.deletionTimestamp) return false;
  if (pod.status?.phase && pod.status.phase !== 'Pending') return false;
  return (
    pod.status?.conditions?.some(
      (c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable',
    ) ?? false
  );
}

/** Pods that keep a node needed: anything but DaemonSet pods, mirror pods and finished pods. */
export function keepsNodeNeeded(pod: Pod): boolean {
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return false;
  if (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return false;
  const controller = pod.metadata.ownerReferences?.find((o) => o.controller);
  return controller?.kind !== 'DaemonSet';
}

export class ClusterAutoscaler {
  private readonly scaleDown: ScaleDownPlanner;
  private readonly now: () => number;
  private lastScaleUpAt?: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(private readonly options: ClusterAutoscalerOptions) {
    this.now = options.now ?? Date.now;
    this.scaleDown = new ScaleDownPlanner(
      { unneededMs: options.unneededMs, delayAfterAddMs: options.delayAfterAddMs },
      this.now,
    );
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.runOnce()
        .catch((error) => this.options.logger.warn('cluster autoscaler loop failed', { error }))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.options.scanIntervalMs);
        });
    };
    this.timer = setTimeout(tick, this.options.scanIntervalMs);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  async runOnce(): Promise<RunOnceResult | undefined> {
    const { cloud, metrics, isActive } = this.options;
    if (isActive && !isActive()) return undefined;
    const now = this.now();
    metrics.lastActivity.set({ activity: 'main' }, now / 1000);
    const [group] = cloud.nodeGroups.groups();
    const instances = await cloud.nodeGroups.instances(group.name);
    const nodes = this.options.nodes.list();
    const pods = this.options.pods.list();
    const nodeByProviderID = new Map(
      nodes.filter((n) => n.spec?.providerID).map((n) => [n.spec!.providerID!, n]),
    );
    const nodeOf = (instance: CloudInstance) =>
      nodeByProviderID.get(providerIdOf(instance.id)) ??
      nodes.find((n) => n.metadata.name === instance.nodeName);
    await this.giveUpOnStuckInstances(instances, nodeOf, now);
    const upcoming = instances.filter((i) => {
      const node = nodeOf(i);
      return !node || !isNodeReady(node) || isUninitialized(node);
    });
    const unschedulable = pods.filter(isUnschedulable);
    this.recordCounts(nodes, upcoming.length, unschedulable.length);

    const scaleUp = planScaleUp({
      unschedulable,
      existing: this.roomOnSchedulableNodes(nodes, pods),
      template: group.template,
      groupSize: instances.length,
      maxSize: group.maxSize,
      upcoming: upcoming.length,
    });
    if (scaleUp.scaleUp) {
      await this.doScaleUp(group, instances.length, scaleUp.nodes, scaleUp.pods);
      return { scaleUp };
    }
    const podsOnNode = new Map<string, number>();
    for (const pod of pods)
      if (pod.spec.nodeName && keepsNodeNeeded(pod))
        podsOnNode.set(pod.spec.nodeName, (podsOnNode.get(pod.spec.nodeName) ?? 0) + 1);
    const scaleDown = this.scaleDown.plan({
      nodes: instances.flatMap((instance) => {
        const node = nodeOf(instance);
        if (!node) return [];
        const tainted = (node.spec?.taints ?? []).some((t) => t.key === TO_BE_DELETED_TAINT_KEY);
        return [
          {
            nodeName: node.metadata.name!,
            ready: isNodeReady(node) && !tainted,
            pods: podsOnNode.get(node.metadata.name!) ?? 0,
          },
        ];
      }),
      groupSize: instances.length,
      minSize: group.minSize,
      lastScaleUpAt: this.lastScaleUpAt,
    });
    metrics.unneededNodesCount.set(this.scaleDown.unneeded().length);
    if (scaleDown.scaleDown) {
      const instance = instances.find((i) => nodeOf(i)?.metadata.name === scaleDown.nodeName)!;
      await this.doScaleDown(nodeOf(instance)!, instance, scaleDown.unneededForMs);
    }
    return { scaleUp, scaleDown };
  }

  private async doScaleUp(group: NodeGroup, size: number, count: number, pods: Pod[]): Promise<void> {
    const { cloud, events, metrics, logger } = this.options;
    const target = size + count;
    logger.info('scale-up: setting group size', {
      group: group.name,
      from: size,
      to: target,
      pods: pods.length,
    });
    const launched = await cloud.nodeGroups.increaseSize(group.name, count);
    this.lastScaleUpAt = this.now();
    metrics.scaledUpNodes.inc(launched.length);
    metrics.lastActivity.set({ activity: 'scaleUp' }, this.lastScaleUpAt / 1000);
    const message = `pod triggered scale-up: [{${group.name} ${size}->${target} (max: ${group.maxSize})}]`;
    for (const pod of pods) void events.normal(pod, 'TriggeredScaleUp', message);
  }

  private async doScaleDown(node: Node, instance: CloudInstance, unneededForMs: number): Promise<void> {
    const { cloud, events, metrics, logger, nodesApi, podsApi } = this.options;
    const name = node.metadata.name!;
    // The cache said empty; the apiserver must agree before a machine with pods on it is ended.
    const live = await podsApi.list({ fieldSelector: `spec.nodeName=${name}` });
    const holding = live.items.filter(keepsNodeNeeded);
    if (holding.length > 0) {
      logger.info('scale-down skipped: the node holds pods the cache had not seen yet', {
        node: name,
        pods: holding.length,
      });
      return;
    }
    logger.info('scale-down: removing empty node', { node: name, instance: instance.id, unneededForMs });
    // Cordoned and tainted first, so nothing is scheduled onto it while it goes.
    const taints = [
      ...(node.spec?.taints ?? []),
      {
        key: TO_BE_DELETED_TAINT_KEY,
        value: String(Math.floor(this.now() / 1000)),
        effect: 'NoSchedule' as const,
      },
    ];
    await nodesApi.update({ ...node, spec: { ...node.spec, unschedulable: true, taints } });
    void events.normal(node, 'ScaleDown', 'marked the node as toBeDeleted/unschedulable');
    await cloud.instances.terminate(instance.id);
    void events.normal(
      node,
      'ScaleDown',
      `node removed by cluster autoscaler (empty for ${Math.round(unneededForMs / 1000)}s)`,
    );
    metrics.scaledDownNodes.inc({ reason: 'empty' });
    metrics.lastActivity.set({ activity: 'scaleDown' }, this.now() / 1000);
  }

  /** An instance whose node never became Ready in time is terminated (cluster-autoscaler's long-unregistered nodes). */
  private async giveUpOnStuckInstances(
    instances: CloudInstance[],
    nodeOf: (i: CloudInstance) => Node | undefined,
    now: number,
  ): Promise<void> {
    for (const instance of instances) {
      const node = nodeOf(instance);
      if (node && isNodeReady(node)) continue;
      if (now - Date.parse(instance.launchedAt) < this.options.maxNodeProvisionMs) continue;
      this.options.logger.warn('instance did not become a Ready node in time: terminating it', {
        instance: instance.id,
        node: instance.nodeName,
      });
      await this.options.cloud.instances.terminate(instance.id);
    }
  }

  /** The room left on nodes the scheduler can use: Ready, schedulable, untainted NoSchedule. */
  private roomOnSchedulableNodes(nodes: Node[], pods: Pod[]): Room[] {
    const usable = nodes.filter(
      (n) =>
        isNodeReady(n) &&
        !n.spec?.unschedulable &&
        !(n.spec?.taints ?? []).some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute'),
    );
    const room = new Map(usable.map((n) => [n.metadata.name!, capacityRoom(n.status?.allocatable)]));
    for (const pod of pods) {
      const r = pod.spec.nodeName ? room.get(pod.spec.nodeName) : undefined;
      if (!r || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      room.set(pod.spec.nodeName!, minus(r, podRequests(pod)));
    }
    return [...room.values()];
  }

  private recordCounts(nodes: Node[], upcoming: number, unschedulable: number): void {
    const { metrics } = this.options;
    const ready = nodes.filter(isNodeReady).length;
    metrics.nodesCount.set({ state: 'ready' }, ready);
    metrics.nodesCount.set({ state: 'unready' }, nodes.length - ready);
    metrics.nodesCount.set({ state: 'notStarted' }, upcoming);
    metrics.unschedulablePodsCount.set({ type: 'unschedulable' }, unschedulable);
  }
}
