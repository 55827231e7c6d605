/**
 * The node lifecycle controller (Kubernetes pkg/controller/nodelifecycle): notices nodes whose
 * kubelet stopped heartbeating and makes the cluster stop counting on them.
 *
 * - Every node monitor period, each node's heartbeats (its Lease in kube-node-lease, its Ready
 *   condition's lastHeartbeatTime) are checked. Past the grace period its Ready, MemoryPressure,
 *   DiskPressure and PIDPressure conditions become Unknown ("Kubelet stopped posting node
 *   status."), a NodeNotReady Event is recorded and its pods' Ready conditions are set False (so
 *   Services stop sending them traffic).
 * - A node whose Ready condition is Unknown (False) joins its zone's rate-limited queue and gets
 *   the `node.kubernetes.io/unreachable:NoExecute` (`not-ready:NoExecute`) taint; the taint
 *   eviction controller then deletes the pods that do not tolerate it, after their
 *   tolerationSeconds. A node Ready again loses both taints.
 * - Zones: a zone with no Ready node is fully disrupted; when every zone is, the controller evicts
 *   nothing (the fault is more likely its own, or the network's) and takes the taints back.
 *
 * The NoSchedule taints for conditions (and `unschedulable`) are the NoScheduleTaintReconciler's.
 * Runs only while this process leads (start/stop follow the leader election).
 */
import {
  builtinResources,
  Condition,
  Lease,
  Node,
  NOT_READY_NO_EXECUTE,
  Pod,
  sameTaint,
  Taint,
  UNREACHABLE_NO_EXECUTE,
  type NodeLifecycleTimings,
} from '@orchestra/api';
import type { Lister } from '@orchestra/client';
import type { Logger } from '@orchestra/observability';
import { errorMessage, isConflict, rfc3339, type Clock, type EventSink } from '../controller-utils';
import { markPodsNotReady } from './mark-pods-not-ready';
import { NodeHealthMap, readyCondition } from './node-health';
import type { NodeLifecycleApi } from './node-lifecycle-api.port';
import type { NodeLifecycleMetrics } from './node-lifecycle.metrics';
import { RateLimitedTimedQueue } from './rate-limited-timed-queue';
import { computeZoneState, isExcludedFromDisruptionChecks, zoneKey, type ZoneState } from './zone-state';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** How often the zones' taint queues are tried (scheduler.NodeEvictionPeriod). */
export const NODE_EVICTION_PERIOD_MS = 100;
/** Node health checks run at once, the rest wait (nodeUpdateWorkerSize). */
const NODE_UPDATE_WORKERS = 8;
/** Retries of one node's health update on a conflict (NodeHealthUpdateRetry). */
const HEALTH_UPDATE_ATTEMPTS = 5;

export const nodesDefinition = builtinResources.find((d) => d.kind === 'Node')!;

export interface NodeLifecycleControllerOptions {
  nodes: Lister<Node>;
  leases: Lister<Lease>;
  pods: Lister<Pod>;
  api: NodeLifecycleApi;
  events: EventSink;
  metrics: NodeLifecycleMetrics;
  timings: NodeLifecycleTimings;
  logger: Logger;
  clock: Clock;
  /** Checked before each pass: a process that stopped leading must not act. */
  isActive?: () => boolean;
}

export class NodeLifecycleController {
  readonly name = 'node-lifecycle-controller';
  private readonly health: NodeHealthMap;
  private readonly knownNodes = new Map<string, Node>();
  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly zoneTainters = new Map<string, RateLimitedTimedQueue>();
  /** Nodes whose pods could not all be marked not Ready: tried again next pass. */
  private readonly nodesToRetry = new Set<string>();
  private monitorTimer?: NodeJS.Timeout;
  private taintTimer?: NodeJS.Timeout;
  private running = false;
  private monitoring?: Promise<void>;

  constructor(private readonly options: NodeLifecycleControllerOptions) {
    this.health = new NodeHealthMap(options.timings);
  }

  /** Leading: check node health every monitor period and taint every eviction period. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const monitor = () => {
      this.monitoring = this.monitorNodeHealth()
        .catch((error) => void this.options.logger.error('error monitoring node health', { error }))
        .finally(() => {
          if (this.running) this.monitorTimer = setTimeout(monitor, this.options.timings.nodeMonitorPeriodMs);
        });
    };
    const taint = () => {
      void this.doNoExecuteTaintingPass()
        .catch((error) => this.options.logger.error('error tainting nodes', { error }))
        .finally(() => {
          if (this.running) this.taintTimer = setTimeout(taint, NODE_EVICTION_PERIOD_MS);
        });
    };
    monitor();
    taint();
  }

  /** Leadership lost or shutting down: stop acting (the pass in flight finishes). */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.monitorTimer);
    clearTimeout(this.taintTimer);
    await this.monitoring;
  }

  /** Zones and their state, for tests and logs. */
  zones(): Map<string, ZoneState> {
    return new Map(this.zoneStates);
  }

  /** The nodes waiting in their zone's queue to be tainted NoExecute. */
  pendingTaints(): string[] {
    return [...this.zoneTainters.values()].flatMap((q) => q.pending());
  }

  /**
   * A pod that lands on a node this controller last saw not Ready is marked not Ready at once,
   * not only at the node's next transition (processPod).
   */
  podBound(pod: Pod): void {
    const nodeName = pod.spec.nodeName;
    if (!nodeName || !this.active()) return;
    const ready = readyCondition(this.health.get(nodeName)?.status);
    if (!ready || ready.status === 'True') return;
    const { api, events, logger } = this.options;
    void markPodsNotReady(api, events, [pod], nodeName, this.nowTime()).then((failed) => {
      if (failed > 0)
        logger.warn('unable to mark pod not Ready on a not Ready node', {
          pod: pod.metadata.name,
          node: nodeName,
        });
    });
  }

  /** One pass over every node (monitorNodeHealth). */
  async monitorNodeHealth(): Promise<void> {
    if (!this.active()) return;
    const { metrics, clock } = this.options;
    const started = clock.now();
    const nodes = this.options.nodes.list();
    this.classifyNodes(nodes);

    const zoneConditions = new Map<string, (Condition | undefined)[]>();
    let next = 0;
    const worker = async () => {
      while (next < nodes.length && this.active()) {
        const node = nodes[next++];
        const start = clock.now();
        await this.updateNode(node, zoneConditions).catch((error) =>
          this.options.logger.error('node health update failed; no pods will be evicted', {
            node: node.metadata.name,
            error,
          }),
        );
        metrics.updateNodeHealthDuration.observe((clock.now() - start) / 1000);
      }
    };
    await Promise.all(Array.from({ length: Math.min(NODE_UPDATE_WORKERS, nodes.length) }, worker));
    if (!this.active()) return;
    await this.handleDisruption(zoneConditions, nodes);
    metrics.updateAllNodesHealthDuration.observe((clock.now() - started) / 1000);
  }

  /** One try of every zone's taint queue (doNoExecuteTaintingPass). */
  async doNoExecuteTaintingPass(): Promise<void> {
    for (const [zone, tainter] of this.zoneTainters) {
      if (!this.active()) return;
      await tainter.try(async ({ value }) => {
        const node = this.options.nodes.get(value);
        if (!node) return { done: true };
        const ready = readyCondition(node.status);
        if (!ready) return { done: false, retryAfterMs: 50 };
        // Unreachable and not-ready mirror the Ready condition: one replaces the other.
        let add: Taint;
        let remove: Taint;
        if (ready.status === 'False') [add, remove] = [NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE];
        else if (ready.status === 'Unknown') [add, remove] = [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE];
        else return { done: true }; // Ready again meanwhile
        const done = await this.options.api.swapNodeTaints(value, [add], [remove]);
        if (done) this.options.metrics.evictionsTotal.inc({ zone });
        this.options.logger.info('node tainted for eviction', { node: value, zone, taint: add.key });
        return { done };
      });
    }
  }

  private active(): boolean {
    return this.running && (this.options.isActive?.() ?? true);
  }

  private async updateNode(
    node: Node,
    zoneConditions: Map<string, (Condition | undefined)[]>,
  ): Promise<void> {
    const name = node.metadata.name!;
    const { observedReady, currentReady } = await this.tryUpdateNodeHealth(node);
    if (!isExcludedFromDisruptionChecks(node)) {
      const zone = zoneKey(node);
      zoneConditions.set(zone, [...(zoneConditions.get(zone) ?? []), currentReady]);
    }
    if (!currentReady) return;
    await this.processTaintBasedEviction(node, observedReady);
    const becameNotReady = currentReady.status !== 'True' && observedReady.status === 'True';
    if (becameNotReady) {
      // Once, when the status changes (RecordNodeStatusChange).
      this.options.events.normal(node, 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
      this.options.logger.info('node is not ready', { node: name, ready: currentReady.status });
    }
    if (becameNotReady || (this.nodesToRetry.has(name) && observedReady.status !== 'True')) {
      const pods = this.options.pods.byIndex('nodeName', name);
      const failed = await markPodsNotReady(
        this.options.api,
        this.options.events,
        pods,
        name,
        this.nowTime(),
      );
      if (failed > 0) {
        this.nodesToRetry.add(name);
        return;
      }
    }
    this.nodesToRetry.delete(name);
  }

  /** Checks the node's heartbeats; writes the Unknown conditions when they are too old (retrying conflicts). */
  private async tryUpdateNodeHealth(
    node: Node,
  ): Promise<{ observedReady: Condition; currentReady: Condition | undefined }> {
    for (let attempt = 1; ; attempt++) {
      const lease = this.options.leases.get(`${NODE_LEASE_NAMESPACE}/${node.metadata.name}`);
      const now = this.options.clock.now();
      const observation = this.health.observe(node, lease, now, rfc3339(now));
      if (!observation.staleNode) return observation;
      try {
        const written = await this.options.api.updateNodeStatus(observation.staleNode);
        this.health.recordWritten(written, now);
        return observation;
      } catch (error) {
        if (!isConflict(error) || attempt >= HEALTH_UPDATE_ATTEMPTS) throw error;
        // Someone (the kubelet?) wrote meanwhile: decide again on the fresh node.
        node = await this.options.api.getNode(node.metadata.name!);
      }
    }
  }

  private async processTaintBasedEviction(node: Node, observedReady: Condition): Promise<void> {
    const name = node.metadata.name!;
    const taints = node.spec?.taints ?? [];
    const has = (t: Taint) => taints.some((x) => sameTaint(x, t));
    switch (observedReady.status) {
      case 'False':
        // Already unreachable: swap at once, no need to wait for the queue.
        if (has(UNREACHABLE_NO_EXECUTE))
          await this.swapNow(name, NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE);
        else this.markNodeForTainting(node, NOT_READY_NO_EXECUTE);
        break;
      case 'Unknown':
        if (has(NOT_READY_NO_EXECUTE)) await this.swapNow(name, UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE);
        else this.markNodeForTainting(node, UNREACHABLE_NO_EXECUTE);
        break;
      case 'True':
        if (await this.markNodeAsReachable(node))
          this.options.logger.info('node is healthy again, removed its NoExecute taints', { node: name });
        break;
    }
  }

  private async swapNow(name: string, add: Taint, remove: Taint): Promise<void> {
    await this.options.api.swapNodeTaints(name, [add], [remove]).catch((error) =>
      this.options.logger.warn('failed to swap NoExecute taints; trying again next pass', {
        node: name,
        error,
      }),
    );
  }

  /** Queues the node for the taint (again, if it lost the taint since it was last processed). */
  private markNodeForTainting(node: Node, taint: Taint): void {
    const tainter = this.tainterOf(node);
    const tainted = (node.spec?.taints ?? []).some((t) => sameTaint(t, taint));
    if (!tainted) tainter.remove(node.metadata.name!);
    tainter.add(node.metadata.name!, node.metadata.uid ?? '');
  }

  /** Removes both NoExecute taints (if the cache shows any) and the node from its queue. */
  private async markNodeAsReachable(node: Node): Promise<boolean> {
    const name = node.metadata.name!;
    const taints = node.spec?.taints ?? [];
    const ours = [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE].filter((t) =>
      taints.some((x) => sameTaint(x, t)),
    );
    if (ours.length > 0) {
      try {
        await this.options.api.swapNodeTaints(name, [], ours);
      } catch (error) {
        this.options.logger.warn('failed to remove taints from node; trying again next pass', {
          node: name,
          error: errorMessage(error),
        });
        return false;
      }
    }
    const queued = this.zoneTainters.get(zoneKey(node))?.remove(name) ?? false;
    return ours.length > 0 || queued;
  }

  /** New nodes get an Event and their zone a queue; gone nodes are forgotten. */
  private classifyNodes(nodes: Node[]): void {
    const seen = new Set<string>();
    for (const node of nodes) {
      const name = node.metadata.name!;
      seen.add(name);
      if (!this.knownNodes.has(name)) {
        this.options.events.normal(node, 'RegisteredNode', `Registered Node ${name} in Controller`);
      }
      this.knownNodes.set(name, node);
      this.tainterOf(node);
    }
    for (const [name, node] of this.knownNodes) {
      if (seen.has(name)) continue;
      this.options.events.normal(node, 'RemovingNode', `Removing Node ${name} from Controller`);
      this.knownNodes.delete(name);
      this.health.delete(name);
      this.nodesToRetry.delete(name);
      this.zoneTainters.get(zoneKey(node))?.remove(name);
    }
  }

  /** The zone's taint queue, made (at the normal rate) the first time the zone is seen. */
  private tainterOf(node: Node): RateLimitedTimedQueue {
    const zone = zoneKey(node);
    let tainter = this.zoneTainters.get(zone);
    if (!tainter) {
      tainter = new RateLimitedTimedQueue(this.options.timings.nodeEvictionRate, this.options.clock);
      this.zoneTainters.set(zone, tainter);
      this.zoneStates.set(zone, 'Initial');
      this.options.metrics.evictionsTotal.inc({ zone }, 0);
      this.options.logger.info('initializing eviction metric for zone', { zone });
    }
    return tainter;
  }

  /** Zone states and their eviction rates (handleDisruption). */
  private async handleDisruption(
    zoneConditions: Map<string, (Condition | undefined)[]>,
    nodes: Node[],
  ): Promise<void> {
    const { metrics, timings, logger } = this.options;
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const [zone, conditions] of zoneConditions) {
      const { unhealthy, state } = computeZoneState(conditions, timings.unhealthyZoneThreshold);
      metrics.zoneSize.set({ zone }, conditions.length);
      metrics.zoneHealth.set({ zone }, (100 * (conditions.length - unhealthy)) / conditions.length);
      metrics.unhealthyNodes.set({ zone }, unhealthy);
      if (state !== 'FullDisruption') allAreFullyDisrupted = false;
      newStates.set(zone, state);
      if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, 'Initial');
    }
    let allWasFullyDisrupted = true;
    for (const [zone, state] of [...this.zoneStates]) {
      if (!zoneConditions.has(zone)) {
        metrics.zoneSize.set({ zone }, 0);
        metrics.zoneHealth.set({ zone }, 100);
        metrics.unhealthyNodes.set({ zone }, 0);
        this.zoneStates.delete(zone);
        continue;
      }
      if (state !== 'FullDisruption') allWasFullyDisrupted = false;
    }
    if (allAreFullyDisrupted && allWasFullyDisrupted) return;
    if (allAreFullyDisrupted) {
      logger.warn('every node is not Ready: entering master disruption mode, no evictions');
      for (const node of nodes) await this.markNodeAsReachable(node);
      for (const zone of this.zoneStates.keys()) {
        this.zoneTainters.get(zone)?.swapLimiter(0);
        this.zoneStates.set(zone, 'FullDisruption');
      }
      return;
    }
    if (allWasFullyDisrupted) {
      logger.info('some nodes are Ready again: exiting master disruption mode');
      this.health.resetProbes(this.options.clock.now());
      for (const zone of this.zoneStates.keys()) {
        const state = newStates.get(zone)!;
        this.setLimiterInZone(zone, zoneConditions.get(zone)!.length, state);
        this.zoneStates.set(zone, state);
      }
      return;
    }
    for (const [zone, state] of this.zoneStates) {
      const newState = newStates.get(zone)!;
      if (state === newState) continue;
      logger.info('zone is now in a new state', { zone, state: newState });
      this.setLimiterInZone(zone, zoneConditions.get(zone)!.length, newState);
      this.zoneStates.set(zone, newState);
    }
  }

  private setLimiterInZone(zone: string, zoneSize: number, state: ZoneState): void {
    const { nodeEvictionRate, secondaryNodeEvictionRate, largeClusterSizeThreshold } = this.options.timings;
    const tainter = this.zoneTainters.get(zone);
    if (!tainter) return;
    if (state === 'Normal' || state === 'FullDisruption') tainter.swapLimiter(nodeEvictionRate);
    // A partly disrupted zone: slower in a large cluster, not at all in a small one (ReducedQPSFunc).
    else if (state === 'PartialDisruption')
      tainter.swapLimiter(zoneSize > largeClusterSizeThreshold ? secondaryNodeEvictionRate : 0);
  }

  private nowTime(): string {
    return rfc3339(this.options.clock.now());
  }
}
