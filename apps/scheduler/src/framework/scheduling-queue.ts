/**
 * The queue of pods waiting to be scheduled (Kubernetes internal/queue `PriorityQueue`), in memory:
 * - activeQ: pods to try now, highest priority first, then oldest first;
 * - backoffQ: pods that failed recently, each waiting 1 s, 2 s, 4 s … up to 10 s per attempt;
 * - unschedulablePods: pods no node fits; a cluster event that could change a rejecting plugin's
 *   mind moves them back (moveAllToActiveOrBackoff), and after 5 minutes they are retried anyway.
 * Pods with scheduling gates wait in unschedulablePods, marked gated, until their gates are removed.
 * Time comes from an injectable clock; the caller runs the two flushes on a timer (Kubernetes: 1 s, 30 s).
 */
import type { Pod } from '@orchestra/api';
import { systemClock, type Clock } from './clock';
import { Heap } from './heap';
import { PodInfo } from './pod-info';

export const DEFAULT_POD_INITIAL_BACKOFF_MS = 1_000;
export const DEFAULT_POD_MAX_BACKOFF_MS = 10_000;
export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_MS = 5 * 60_000;

/** Cluster events that can make an unschedulable pod schedulable (Kubernetes ClusterEvent labels). */
export type ClusterEvent =
  | 'NodeAdd'
  | 'NodeUpdate'
  | 'AssignedPodAdd'
  | 'AssignedPodUpdate'
  | 'AssignedPodDelete'
  | 'UnschedulableTimeout'
  | 'ForceActivate';

export type PendingQueue = 'active' | 'backoff' | 'unschedulable' | 'gated';
export type PendingPods = Record<PendingQueue, number>;

/** A pod in the queue with its scheduling history (Kubernetes `QueuedPodInfo`). */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** When the pod was last added to a queue (or failed): ordering and back-off start. */
  timestamp: number;
  initialAttemptTimestamp?: number;
  attempts: number;
  /** Plugins that rejected the pod in its last attempt. */
  unschedulablePlugins: Set<string>;
  gated: boolean;
}

export interface SchedulingQueueOptions {
  clock?: Clock;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  podMaxInUnschedulablePodsMs?: number;
  /** Which events can help a pod each plugin rejected; without it every event moves every pod. */
  pluginEvents?: Readonly<Record<string, readonly ClusterEvent[]>>;
  /** Metric hook for scheduler_pending_pods{queue}: called with all counts after each change. */
  onPendingPodsChanged?: (pending: PendingPods) => void;
}

const schedulingGatesOf = (pod: Pod): unknown[] =>
  (pod.spec as { schedulingGates?: unknown[] }).schedulingGates ?? [];

export class SchedulingQueue {
  private readonly clock: Clock;
  private readonly activeQ = new Heap<QueuedPodInfo>(
    (q) => q.podInfo.uid,
    (a, b) =>
      a.podInfo.priority > b.podInfo.priority ||
      (a.podInfo.priority === b.podInfo.priority && a.timestamp < b.timestamp),
  );
  private readonly backoffQ = new Heap<QueuedPodInfo>(
    (q) => q.podInfo.uid,
    (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b),
  );
  private readonly unschedulablePods = new Map<string, QueuedPodInfo>();
  private schedulingCycle = 0;
  private moveRequestCycle = -1;

  constructor(private readonly options: SchedulingQueueOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  /** A new pending pod (from the informer, or a work-queue job). Re-adding updates it. */
  add(pod: Pod): void {
    if (this.update(pod)) return;
    const info = new PodInfo(pod);
    const q: QueuedPodInfo = {
      podInfo: info,
      timestamp: this.clock.now(),
      attempts: 0,
      unschedulablePlugins: new Set(),
      gated: schedulingGatesOf(pod).length > 0,
    };
    if (q.gated) this.unschedulablePods.set(info.uid, q);
    else this.activeQ.addOrUpdate(q);
    this.changed();
  }

  /** The next pod to schedule, or undefined when activeQ is empty. */
  pop(): QueuedPodInfo | undefined {
    const q = this.activeQ.pop();
    if (!q) return undefined;
    q.attempts++;
    q.initialAttemptTimestamp ??= this.clock.now();
    this.schedulingCycle++;
    this.changed();
    return q;
  }

  /** The cycle number of the last pop: pass it back to addUnschedulableIfNotPresent. */
  get currentSchedulingCycle(): number {
    return this.schedulingCycle;
  }

  /**
   * A pod that failed to schedule. If a move request arrived while it was being scheduled, or no
   * plugin rejected it (an error), it backs off; otherwise it waits for a helpful event.
   */
  addUnschedulableIfNotPresent(q: QueuedPodInfo, podSchedulingCycle: number): void {
    const uid = q.podInfo.uid;
    if (this.activeQ.has(uid) || this.backoffQ.has(uid) || this.unschedulablePods.has(uid)) return;
    q.timestamp = this.clock.now();
    if (this.moveRequestCycle >= podSchedulingCycle || q.unschedulablePlugins.size === 0)
      this.backoffQ.addOrUpdate(q);
    else this.unschedulablePods.set(uid, q);
    this.changed();
  }

  /** Moves back-off-completed pods to activeQ (Kubernetes runs this every second). */
  flushBackoffQCompleted(): void {
    const now = this.clock.now();
    let moved = false;
    for (let q = this.backoffQ.peek(); q && this.backoffExpiry(q) <= now; q = this.backoffQ.peek()) {
      this.backoffQ.pop();
      this.activeQ.addOrUpdate(q);
      moved = true;
    }
    if (moved) this.changed();
  }

  /** Retries pods that waited longer than podMaxInUnschedulablePods (Kubernetes runs this every 30 s). */
  flushUnschedulablePodsLeftover(): void {
    const limit = this.options.podMaxInUnschedulablePodsMs ?? DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_MS;
    const now = this.clock.now();
    const stale = [...this.unschedulablePods.values()].filter((q) => !q.gated && now - q.timestamp > limit);
    this.movePods(stale, 'UnschedulableTimeout');
  }

  /** A cluster event happened: unschedulable pods it could help go back to active or back-off. */
  moveAllToActiveOrBackoff(event: ClusterEvent): void {
    const pods = [...this.unschedulablePods.values()].filter((q) => !q.gated && this.eventCanHelp(q, event));
    this.movePods(pods, event);
    this.moveRequestCycle = this.schedulingCycle;
  }

  /** The pod changed: updates it in place; an update of an unschedulable pod retries it. */
  update(pod: Pod): boolean {
    const info = new PodInfo(pod);
    const gated = schedulingGatesOf(pod).length > 0;
    const inActive = this.activeQ.get(info.uid) ?? this.backoffQ.get(info.uid);
    if (inActive) {
      inActive.podInfo = info;
      if (this.activeQ.has(info.uid)) this.activeQ.addOrUpdate(inActive);
      else this.backoffQ.addOrUpdate(inActive);
      return true;
    }
    const waiting = this.unschedulablePods.get(info.uid);
    if (!waiting) return false;
    waiting.podInfo = info;
    if (gated) return true;
    waiting.gated = false;
    this.unschedulablePods.delete(info.uid);
    if (this.isBackingOff(waiting)) this.backoffQ.addOrUpdate(waiting);
    else this.activeQ.addOrUpdate(waiting);
    this.changed();
    return true;
  }

  /** The pod was deleted or bound: it leaves every queue. */
  delete(uid: string): void {
    const removed = this.activeQ.delete(uid) ?? this.backoffQ.delete(uid) ?? this.unschedulablePods.get(uid);
    this.unschedulablePods.delete(uid);
    if (removed) this.changed();
  }

  pendingPods(): PendingPods {
    let gated = 0;
    for (const q of this.unschedulablePods.values()) if (q.gated) gated++;
    return {
      active: this.activeQ.size,
      backoff: this.backoffQ.size,
      unschedulable: this.unschedulablePods.size - gated,
      gated,
    };
  }

  /** Back-off of the pod's current attempt count: 1 s doubling, capped at 10 s. */
  backoffDuration(q: QueuedPodInfo): number {
    const initial = this.options.podInitialBackoffMs ?? DEFAULT_POD_INITIAL_BACKOFF_MS;
    const max = this.options.podMaxBackoffMs ?? DEFAULT_POD_MAX_BACKOFF_MS;
    let d = initial;
    for (let i = 1; i < q.attempts && d < max; i++) d *= 2;
    return Math.min(d, max);
  }

  private backoffExpiry(q: QueuedPodInfo): number {
    return q.timestamp + this.backoffDuration(q);
  }

  private isBackingOff(q: QueuedPodInfo): boolean {
    return q.attempts > 0 && this.backoffExpiry(q) > this.clock.now();
  }

  private eventCanHelp(q: QueuedPodInfo, event: ClusterEvent): boolean {
    const map = this.options.pluginEvents;
    if (
      !map ||
      event === 'UnschedulableTimeout' ||
      event === 'ForceActivate' ||
      q.unschedulablePlugins.size === 0
    ) {
      return true;
    }
    for (const plugin of q.unschedulablePlugins) {
      const events = map[plugin];
      if (!events || events.includes(event)) return true;
    }
    return false;
  }

  private movePods(pods: QueuedPodInfo[], _event: ClusterEvent): void {
    for (const q of pods) {
      this.unschedulablePods.delete(q.podInfo.uid);
      if (this.isBackingOff(q)) this.backoffQ.addOrUpdate(q);
      else this.activeQ.addOrUpdate(q);
    }
    if (pods.length > 0) this.changed();
  }

  private changed(): void {
    this.options.onPendingPodsChanged?.(this.pendingPods());
  }
}
