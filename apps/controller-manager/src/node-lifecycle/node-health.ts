/**
 * What the node lifecycle controller remembers of each node's heartbeats (nodeHealthMap and
 * tryUpdateNodeHealth in node_lifecycle_controller.go). A heartbeat is a change the controller
 * observes, at its own clock's time (probeTimestamp), so clocks of other machines never matter:
 * a Ready condition with a new lastHeartbeatTime (the kubelet's status report) or a Lease with a
 * new renewTime (the kubelet's lease renewal, the frequent one).
 */
import type { Condition, Lease, Node, NodeStatus } from '@orchestra/api';
import { parseTime } from '../controller-utils';

export interface NodeHealth {
  /** When this controller last observed a heartbeat of the node. */
  probeTimestamp: number;
  /** When this controller observed the Ready condition change. */
  readyTransitionTimestamp: number;
  /** The status seen then. */
  status?: NodeStatus;
  /** The Lease's renewTime seen then. */
  leaseRenewTime?: string;
}

/** The conditions set to Unknown when the heartbeats stop (NetworkUnavailable is the network's). */
export const HEALTH_CONDITION_TYPES = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export const readyCondition = (status: NodeStatus | undefined): Condition | undefined =>
  status?.conditions?.find((c) => c.type === 'Ready');

export interface HealthObservation {
  /** The Ready condition as the node had it (for a node that never posted one, an Unknown one). */
  observedReady: Condition;
  /** The Ready condition after this check; undefined when the node never posted one and is in its startup grace. */
  currentReady: Condition | undefined;
  /** The node with its conditions set to Unknown, when its heartbeats are older than the grace period. */
  staleNode?: Node;
}

export interface HealthTimings {
  nodeMonitorGracePeriodMs: number;
  nodeStartupGracePeriodMs: number;
}

export class NodeHealthMap {
  private readonly healths = new Map<string, NodeHealth>();

  constructor(private readonly timings: HealthTimings) {}

  get(name: string): NodeHealth | undefined {
    return this.healths.get(name);
  }

  delete(name: string): void {
    this.healths.delete(name);
  }

  /** Every node looks freshly heard from (leaving the all-zones-down mode). */
  resetProbes(now: number): void {
    for (const health of this.healths.values()) {
      health.probeTimestamp = now;
      health.readyTransitionTimestamp = now;
    }
  }

  /**
   * Records what the node and its Lease show now and says whether the node's heartbeats are older
   * than its grace period; if they are, `staleNode` is the node with its health conditions Unknown
   * (to be written only when its Ready condition changed by that).
   */
  observe(node: Node, lease: Lease | undefined, now: number, nowTime: string): HealthObservation {
    const name = node.metadata.name!;
    const created = parseTime(node.metadata.creationTimestamp) ?? now;
    const createdTime = node.metadata.creationTimestamp ?? nowTime;
    let health = this.healths.get(name);
    const currentReady = readyCondition(node.status);
    let observedReady: Condition;
    let gracePeriodMs: number;
    if (!currentReady) {
      // The kubelet never posted a status: count from the node's creation, with the startup grace.
      observedReady = {
        type: 'Ready',
        status: 'Unknown',
        lastHeartbeatTime: createdTime,
        lastTransitionTime: createdTime,
      };
      gracePeriodMs = this.timings.nodeStartupGracePeriodMs;
      if (health) health.status = node.status;
      else health = { status: node.status, probeTimestamp: created, readyTransitionTimestamp: created };
    } else {
      observedReady = { ...currentReady };
      gracePeriodMs = this.timings.nodeMonitorGracePeriodMs;
    }
    const saved = readyCondition(health?.status);
    if (!health || (!saved && currentReady) || (saved && !currentReady)) {
      health = { status: node.status, probeTimestamp: now, readyTransitionTimestamp: now };
    } else if (saved && currentReady && saved.lastHeartbeatTime !== currentReady.lastHeartbeatTime) {
      const transitioned = saved.lastTransitionTime !== currentReady.lastTransitionTime;
      health = {
        status: node.status,
        probeTimestamp: now,
        readyTransitionTimestamp: transitioned ? now : health.readyTransitionTimestamp,
        leaseRenewTime: health.leaseRenewTime,
      };
    }
    // A renewed Lease is a heartbeat too (and the frequent one).
    const renewTime = lease?.spec?.renewTime;
    if (renewTime && renewTime !== health.leaseRenewTime) {
      health.leaseRenewTime = renewTime;
      health.probeTimestamp = now;
    }
    this.healths.set(name, health);

    if (now <= health.probeTimestamp + gracePeriodMs) return { observedReady, currentReady };
    const staleNode = withUnknownConditions(node, nowTime, createdTime);
    const staleReady = readyCondition(staleNode.status);
    if (sameCondition(staleReady, observedReady)) return { observedReady, currentReady: staleReady };
    return { observedReady, currentReady: staleReady, staleNode };
  }

  /** After the Unknown conditions were written: remember them, with the transition now. */
  recordWritten(node: Node, now: number): void {
    const health = this.healths.get(node.metadata.name!);
    if (!health) return;
    this.healths.set(node.metadata.name!, { ...health, status: node.status, readyTransitionTimestamp: now });
  }
}

/** The node with its health conditions Unknown, Kubernetes' reasons and messages. */
export function withUnknownConditions(node: Node, nowTime: string, createdTime: string): Node {
  const conditions = [...(node.status?.conditions ?? [])].map((c) => ({ ...c }));
  for (const type of HEALTH_CONDITION_TYPES) {
    const current = conditions.find((c) => c.type === type);
    if (!current) {
      conditions.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: createdTime,
        lastTransitionTime: nowTime,
      });
    } else if (current.status !== 'Unknown') {
      current.status = 'Unknown';
      current.reason = 'NodeStatusUnknown';
      current.message = 'Kubelet stopped posting node status.';
      current.lastTransitionTime = nowTime;
    }
  }
  return { ...node, status: { ...node.status, conditions } };
}

function sameCondition(a: Condition | undefined, b: Condition | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
