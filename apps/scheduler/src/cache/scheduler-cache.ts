/**
 * The scheduler's view of the cluster (Kubernetes internal/cache `cacheImpl`): NodeInfos built
 * from the informers' nodes and bound pods, plus ASSUMED pods: a pod the scheduler has chosen a
 * node for is added to that node at once, so the next cycles see its requests before the binding
 * shows up in the informer. The informer's add confirms it; a failed binding forgets it; a pod
 * whose binding finished but never showed up expires after `assumedPodTtlMs`.
 */
import type { Node, Pod } from '@orchestra/api';
import { NodeInfo, PodInfo, Status, systemClock, type Clock, type PodAssumer } from '../framework';
import { NodeTree } from './node-tree';
import { Snapshot } from './snapshot';

/** Kubernetes' durationToExpireAssumedPod is 15 minutes (0 disables it); Orchestra expires sooner. */
export const DEFAULT_ASSUMED_POD_TTL_MS = 30_000;

interface PodState {
  info: PodInfo;
  nodeName: string;
  /** When the assumed pod expires; set by finishBinding. */
  deadline?: number;
  bindingFinished: boolean;
}

export interface SchedulerCacheOptions {
  clock?: Clock;
  assumedPodTtlMs?: number;
}

export class SchedulerCache implements PodAssumer {
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly podStates = new Map<string, PodState>();
  private readonly assumedPods = new Set<string>();
  private readonly tree = new NodeTree();
  /** Nodes changed since the last snapshot update. */
  private readonly dirty = new Set<string>();
  private orderChanged = true;
  private readonly clock: Clock;
  private readonly ttlMs: number;

  constructor(options: SchedulerCacheOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.ttlMs = options.assumedPodTtlMs ?? DEFAULT_ASSUMED_POD_TTL_MS;
  }

  // ── nodes (from the Node informer) ──

  addNode(node: Node): void {
    const name = node.metadata.name ?? '';
    let info = this.nodes.get(name);
    if (!info) this.nodes.set(name, (info = new NodeInfo(undefined, name)));
    info.setNode(node);
    if (this.tree.add(node)) this.orderChanged = true; // new, or moved to another zone
    this.markDirty(name);
  }

  updateNode(node: Node): void {
    this.addNode(node);
  }

  /** Pods still bound to a removed node stay accounted (Kubernetes keeps such a "ghost" node). */
  removeNode(name: string): void {
    const info = this.nodes.get(name);
    if (!info) return;
    if (info.pods.length === 0) this.nodes.delete(name);
    else info.node = undefined;
    this.tree.remove(name);
    this.markDirty(name);
    this.orderChanged = true;
  }

  // ── pods (from the Pod informer: pods with spec.nodeName) ──

  /** A bound pod appeared: confirms it if it was assumed (moving it if bound elsewhere). */
  addPod(pod: Pod): void {
    const info = new PodInfo(pod);
    const nodeName = pod.spec.nodeName;
    if (!nodeName) return;
    const state = this.podStates.get(info.uid);
    if (state && this.assumedPods.has(info.uid)) {
      this.assumedPods.delete(info.uid);
      this.removeFromNode(state.info, state.nodeName);
    } else if (state) {
      this.removeFromNode(state.info, state.nodeName); // a re-add: replace, never double count
    }
    this.addToNode(info, nodeName);
    this.podStates.set(info.uid, { info, nodeName, bindingFinished: true });
  }

  updatePod(pod: Pod): void {
    this.addPod(pod);
  }

  removePod(pod: Pod): void {
    const uid = pod.metadata.uid ?? `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
    const state = this.podStates.get(uid);
    if (!state) return;
    this.removeFromNode(state.info, state.nodeName);
    this.podStates.delete(uid);
    this.assumedPods.delete(uid);
  }

  // ── assumed pods (from the scheduling and binding cycles) ──

  assume(pod: PodInfo, nodeName: string): Status {
    if (this.podStates.has(pod.uid))
      return Status.error(`pod ${pod.key}(${pod.uid}) is in the cache, so can't be assumed`);
    this.addToNode(pod, nodeName);
    this.podStates.set(pod.uid, { info: pod, nodeName, bindingFinished: false });
    this.assumedPods.add(pod.uid);
    return Status.success();
  }

  /** The binding call returned: from now on the assumed pod expires if the informer never confirms it. */
  finishBinding(pod: PodInfo): void {
    const state = this.podStates.get(pod.uid);
    if (!state || !this.assumedPods.has(pod.uid)) return;
    state.bindingFinished = true;
    state.deadline = this.clock.now() + this.ttlMs;
  }

  /** The binding failed: the pod's requests leave the node. */
  forget(pod: PodInfo): void {
    const state = this.podStates.get(pod.uid);
    if (!state || !this.assumedPods.has(pod.uid)) return;
    this.removeFromNode(state.info, state.nodeName);
    this.podStates.delete(pod.uid);
    this.assumedPods.delete(pod.uid);
  }

  isAssumed(uid: string): boolean {
    return this.assumedPods.has(uid);
  }

  /** Expires assumed pods whose binding finished more than the TTL ago; returns them. */
  cleanupAssumedPods(now = this.clock.now()): PodInfo[] {
    const expired: PodInfo[] = [];
    for (const uid of this.assumedPods) {
      const state = this.podStates.get(uid);
      if (!state?.bindingFinished || state.deadline === undefined || now < state.deadline) continue;
      expired.push(state.info);
      this.forget(state.info);
    }
    return expired;
  }

  // ── snapshot ──

  /** Brings the snapshot up to date, copying only the nodes that changed since the last call. */
  updateSnapshot(snapshot: Snapshot): void {
    for (const name of this.dirty) {
      const info = this.nodes.get(name);
      if (!info?.node) {
        snapshot.nodeInfoMap.delete(name);
        continue;
      }
      const current = snapshot.nodeInfoMap.get(name);
      if (!current || current.generation !== info.generation) snapshot.replace(info.clone());
    }
    if (this.orderChanged) snapshot.setOrder(this.tree.list());
    if (this.dirty.size > 0 || this.orderChanged) snapshot.refreshAffinityLists();
    this.dirty.clear();
    this.orderChanged = false;
  }

  nodeCount(): number {
    return this.tree.size;
  }

  podCount(): number {
    return this.podStates.size;
  }

  /** The live NodeInfo (tests and debugging only: cycles read a Snapshot). */
  nodeInfo(name: string): NodeInfo | undefined {
    return this.nodes.get(name);
  }

  private addToNode(info: PodInfo, nodeName: string): void {
    let node = this.nodes.get(nodeName);
    if (!node) this.nodes.set(nodeName, (node = new NodeInfo(undefined, nodeName)));
    node.addPod(info);
    this.markDirty(nodeName);
  }

  private removeFromNode(info: PodInfo, nodeName: string): void {
    const node = this.nodes.get(nodeName);
    if (!node) return;
    node.removePod(info.uid);
    if (!node.node && node.pods.length === 0) this.nodes.delete(nodeName);
    this.markDirty(nodeName);
  }

  private markDirty(name: string): void {
    this.dirty.add(name);
  }
}
