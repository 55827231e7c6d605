/**
 * The taint eviction controller (Kubernetes pkg/controller/tainteviction, once the taint
 * manager): a pod on a node with NoExecute taints is deleted at once if it does not tolerate them
 * all, after the shortest tolerationSeconds of the tolerations that match if it does, and never
 * if none of those sets one. Keyed by pod; the per-pod timer is the work queue's delayed requeue,
 * so it lives in Redis and survives a change of leader.
 *
 * The clock starts when the taint was added (its timeAdded, which the node lifecycle controller
 * stamps), not when this process first saw it: a restarted controller-manager does not give the
 * pods of a lost node a fresh tolerationSeconds. (Kubernetes' timers live in memory and start
 * again.) A taint without timeAdded counts from when this process first saw it.
 */
import { Node, Pod, Taint, matchingTolerations, minTolerationMs } from '@orchestra/api';
import type { Lister } from '@orchestra/client';
import type { ReconcileResult, Reconciler } from '@orchestra/queues';
import { parseTime, type Clock, type EventSink } from '../controller-utils';
import type { NodeLifecycleApi } from '../node-lifecycle/node-lifecycle-api.port';
import type { TaintEvictionMetrics } from './taint-eviction.metrics';

export const noExecuteTaints = (node: Node | undefined): Taint[] =>
  (node?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');

export interface TaintEvictionOptions {
  pods: Lister<Pod>;
  nodes: Lister<Node>;
  api: Pick<NodeLifecycleApi, 'evictPod'>;
  events: EventSink;
  metrics: TaintEvictionMetrics;
  clock: Clock;
}

export class TaintEvictionReconciler implements Reconciler {
  readonly name = 'taint-eviction-controller';
  /** Pods with an eviction scheduled, for the "Cancelling deletion" Event. */
  private readonly scheduled = new Set<string>();
  /** When this process first saw a taint that has no timeAdded, by node and taint. */
  private readonly firstSeen = new Map<string, number>();

  constructor(private readonly options: TaintEvictionOptions) {}

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { pods, nodes, clock } = this.options;
    const pod = pods.get(key);
    const nodeName = pod?.spec.nodeName;
    // Gone, already on its way out, or not on a node: nothing to evict.
    if (!pod || pod.metadata.deletionTimestamp || !nodeName) return this.cancel(key, pod);
    const taints = noExecuteTaints(nodes.get(nodeName));
    if (taints.length === 0) {
      this.forgetTaints(nodeName);
      return this.cancel(key, pod);
    }
    const { allTolerated, used } = matchingTolerations(taints, pod.spec.tolerations ?? []);
    const now = clock.now();
    if (!allTolerated) return this.evict(pod, now);
    const tolerationMs = minTolerationMs(used);
    if (tolerationMs === Infinity) return this.cancel(key, pod); // tolerates forever
    const taintedAt = Math.min(...taints.map((t) => this.addedAt(nodeName, t, now)));
    const evictAt = taintedAt + tolerationMs;
    if (now >= evictAt) return this.evict(pod, evictAt);
    this.scheduled.add(key);
    return { requeueAfterMs: evictAt - now };
  }

  private async evict(pod: Pod, dueAt: number): Promise<void> {
    const { namespace, name, uid } = pod.metadata;
    const key = `${namespace}/${name}`;
    this.scheduled.delete(key);
    this.options.events.normal(pod, 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    if (await this.options.api.evictPod(namespace!, name!, uid)) {
      this.options.metrics.podDeletionsTotal.inc();
      this.options.metrics.podDeletionDuration.observe(Math.max(0, this.options.clock.now() - dueAt) / 1000);
    }
  }

  private cancel(key: string, pod: Pod | undefined): void {
    if (!this.scheduled.delete(key) || !pod || pod.metadata.deletionTimestamp) return;
    this.options.events.normal(pod, 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
  }

  private forgetTaints(nodeName: string): void {
    for (const id of this.firstSeen.keys()) if (id.startsWith(`${nodeName}/`)) this.firstSeen.delete(id);
  }

  private addedAt(nodeName: string, taint: Taint, now: number): number {
    // timeAdded has whole seconds: count from the end of that second, so a pod never goes early.
    const stamped = parseTime(taint.timeAdded);
    if (stamped !== undefined) return stamped + 999;
    const id = `${nodeName}/${taint.key}=${taint.value ?? ''}`;
    if (!this.firstSeen.has(id)) this.firstSeen.set(id, now);
    return this.firstSeen.get(id)!;
  }
}
