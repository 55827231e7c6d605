/**
 * A node and what the scheduler has put on it (Kubernetes `framework.NodeInfo`): its pods
 * (bound and assumed), their summed requests against the node's allocatable, used host ports,
 * and a count of pods per label so affinity and spreading count matches without scanning pods.
 * The cache mutates NodeInfos; each change bumps `generation` so snapshots copy only what changed.
 */
import type { Node, Taint } from '@orchestra/api';
import type { PodInfo } from './pod-info';
import { emptyResource, resourceFromList, type Resource } from './resource';

let lastGeneration = 0;
export const nextGeneration = (): number => ++lastGeneration;

/** The key of the per-node label index: namespace, label key and value. */
export const labelIndexKey = (namespace: string, key: string, value: string): string =>
  `${namespace}\u0000${key}\u0000${value}`;

export class NodeInfo {
  node: Node | undefined;
  name: string;
  labels: Record<string, string> = {};
  taints: readonly Taint[] = [];
  allocatable: Resource = emptyResource();
  requested: Resource = emptyResource();
  /** Requests with the non-zero defaults: what the scorers balance. */
  nonZeroRequested: Resource = emptyResource();
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  /** `protocol/hostPort` → number of pods using it. */
  usedPorts = new Map<string, number>();
  /** labelIndexKey(namespace, key, value) → number of pods on this node carrying that label. */
  podLabelCounts = new Map<string, number>();
  terminatingPods = 0;
  generation = nextGeneration();

  constructor(node?: Node, name = node?.metadata.name ?? '') {
    this.name = name;
    if (node) this.setNode(node);
  }

  setNode(node: Node): void {
    this.node = node;
    this.name = node.metadata.name ?? this.name;
    this.labels = node.metadata.labels ?? {};
    this.taints = node.spec?.taints ?? [];
    this.allocatable = resourceFromList(node.status?.allocatable);
    this.generation = nextGeneration();
  }

  addPod(p: PodInfo): void {
    this.pods.push(p);
    if (p.hasAffinity) this.podsWithAffinity.push(p);
    if (p.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity.push(p);
    this.update(p, 1);
  }

  /** Removes the pod with this uid; returns it, or undefined when it was not here. */
  removePod(uid: string): PodInfo | undefined {
    const p = removeByUid(this.pods, uid);
    if (!p) return undefined;
    if (p.hasAffinity) removeByUid(this.podsWithAffinity, uid);
    if (p.hasRequiredAntiAffinity) removeByUid(this.podsWithRequiredAntiAffinity, uid);
    this.update(p, -1);
    return p;
  }

  /** A copy a scheduling cycle can read while the cache moves on (Kubernetes SnapshotConcrete). */
  clone(): NodeInfo {
    const c = new NodeInfo(undefined, this.name);
    c.node = this.node;
    c.labels = this.labels;
    c.taints = this.taints;
    c.allocatable = this.allocatable;
    c.requested = { ...this.requested };
    c.nonZeroRequested = { ...this.nonZeroRequested };
    c.pods = this.pods.slice();
    c.podsWithAffinity = this.podsWithAffinity.slice();
    c.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.slice();
    c.usedPorts = new Map(this.usedPorts);
    c.podLabelCounts = new Map(this.podLabelCounts);
    c.terminatingPods = this.terminatingPods;
    c.generation = this.generation;
    return c;
  }

  private update(p: PodInfo, sign: 1 | -1): void {
    add(this.requested, p.requests, sign);
    add(this.nonZeroRequested, p.nonZeroRequests, sign);
    for (const port of p.hostPorts) bump(this.usedPorts, port, sign);
    for (const key in p.labels)
      bump(this.podLabelCounts, labelIndexKey(p.namespace, key, p.labels[key]), sign);
    if (p.terminating) this.terminatingPods += sign;
    this.generation = nextGeneration();
  }
}

function add(total: Resource, r: Resource, sign: 1 | -1): void {
  total.milliCpu += sign * r.milliCpu;
  total.memory += sign * r.memory;
  total.pods += sign * r.pods;
}

function bump(counts: Map<string, number>, key: string, sign: 1 | -1): void {
  const n = (counts.get(key) ?? 0) + sign;
  if (n <= 0) counts.delete(key);
  else counts.set(key, n);
}

function removeByUid(list: PodInfo[], uid: string): PodInfo | undefined {
  const i = list.findIndex((p) => p.uid === uid);
  if (i < 0) return undefined;
  const [p] = list.splice(i, 1);
  return p;
}
