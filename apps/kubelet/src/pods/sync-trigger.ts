/**
 * Syncs a pod when its probe results change between the pod workers' syncs: a container turns
 * ready or unready, or fails its liveness probe and must be killed and restarted.
 *
 * In Kubernetes the prober manager's result channels feed the kubelet's sync loop, which hands
 * the pod to its pod worker. The prober here reports to the PodSyncer, which has no handle on
 * the pod workers, so this trigger runs the same sync itself: under the syncer's per-pod lock
 * (never overlapping a worker's sync), a burst of results coalesced into one run, and again
 * later when the sync asks, as a pod worker would (a CrashLoopBackOff after a liveness kill).
 * A failed sync is not retried here: the kubelet's periodic resync picks the pod up.
 *
 * Each such sync is a trace of its own: a probe result is caused by no request, and the pod's
 * later status writes must not grow the trace of the change that started it. It links to the
 * sync that started the prober, so the one leads to the other.
 */
import { inSpanOf, k8sObjectAttributes, type Logger } from '@orchestra/observability';
import type { KeyedLock } from './keyed-lock';
import type { NodeContext } from './node-context';

export type PodSync = (node: NodeContext, key: string) => Promise<{ resyncAfterMs?: number }>;

interface Pending {
  /** A sync is queued and has not started yet: another fire adds nothing. */
  queued: boolean;
  /** The syncs that started the probers whose results this sync reports (span links). */
  linkedTo: Set<string>;
  timer?: NodeJS.Timeout;
}

export class SyncTrigger {
  private readonly pending = new Map<string, Pending>();
  private stopped = false;

  constructor(
    private readonly lock: KeyedLock,
    private readonly sync: PodSync,
    private readonly logger: Logger,
  ) {}

  /**
   * Sync pod `key` as soon as what already runs for it is done. Returns at once. `linkedTo`: the
   * traceparent of the sync that started the prober.
   */
  fire(node: NodeContext, key: string, linkedTo?: string): void {
    if (this.stopped) return;
    let state = this.pending.get(key);
    if (state && linkedTo) state.linkedTo.add(linkedTo);
    if (state?.queued) return;
    if (!state) {
      state = { queued: false, linkedTo: new Set(linkedTo ? [linkedTo] : []) };
      this.pending.set(key, state);
    }
    clearTimeout(state.timer);
    state.timer = undefined;
    state.queued = true;
    const pending = state;
    this.lock
      .run(key, () => {
        pending.queued = false;
        const linked = [...pending.linkedTo];
        pending.linkedTo.clear();
        const attributes = {
          ...k8sObjectAttributes(key, 'k8s.pod.name'),
          'k8s.node.name': node.name,
          'kubelet.sync.trigger': 'probe',
        };
        return inSpanOf(undefined, 'sync pod', attributes, () => this.sync(node, key), { linkedTo: linked });
      })
      .then(
        ({ resyncAfterMs }) => this.after(node, key, pending, resyncAfterMs),
        (error: unknown) => {
          this.logger.warn('pod sync after a probe result failed', { node: node.name, pod: key, error });
          this.after(node, key, pending, undefined);
        },
      );
  }

  stop(): void {
    this.stopped = true;
    for (const state of this.pending.values()) clearTimeout(state.timer);
    this.pending.clear();
  }

  private after(node: NodeContext, key: string, state: Pending, resyncAfterMs: number | undefined): void {
    if (this.stopped || state.queued || this.pending.get(key) !== state) return;
    if (resyncAfterMs === undefined) {
      this.pending.delete(key);
      return;
    }
    state.timer = setTimeout(() => this.fire(node, key), Math.max(1, resyncAfterMs));
    state.timer.unref();
  }
}
