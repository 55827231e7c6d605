/**
 * The pod garbage collector's orphan part (kube-controller-manager's podgc gcOrphaned): a pod
 * bound to a Node that no longer exists has no kubelet left to stop it or to confirm its
 * deletion, and would stay Running (or Terminating) forever, holding its controller's replica
 * count. Once the node has been missing for the quarantine time (and a fresh read confirms it),
 * such pods get a DisruptionTarget condition (reason DeletionByPodGC) and are force-deleted
 * (gracePeriodSeconds 0), so their controllers replace them. The cloud-controller-manager
 * deleting the Node of a terminated instance is the usual way a node goes.
 */
import { ApiError, type Node, type Pod } from '@orchestra/api';
import type { Lister } from '@orchestra/client';
import type { Logger } from '@orchestra/observability';
import type { Clock } from '../controller-utils';

export interface PodGcApi {
  nodeExists(name: string): Promise<boolean>;
  /** Sets the DisruptionTarget condition, then deletes with grace 0 (uid precondition). */
  forceDelete(pod: Pod, reason: string, message: string): Promise<void>;
}

export interface PodGcOptions {
  pods: Lister<Pod>;
  nodes: Lister<Node>;
  api: PodGcApi;
  logger: Logger;
  clock: Clock;
  /** How often pods are checked (Kubernetes' gcCheckPeriod, 20 s). */
  periodMs: number;
  /** How long a node must be missing before its pods go (Kubernetes' quarantineTime, 40 s). */
  quarantineMs: number;
  isActive?: () => boolean;
}

export class PodGcController {
  /** Node name → since when it has been missing while pods are bound to it. */
  private readonly missingSince = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(private readonly options: PodGcOptions) {}

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.gcOrphaned()
        .catch((error) => this.options.logger.warn('pod garbage collection failed', { error }))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.options.periodMs);
        });
    };
    this.timer = setTimeout(tick, this.options.periodMs);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass; returns the keys of the pods deleted. */
  async gcOrphaned(): Promise<string[]> {
    const { pods, nodes, api, clock, quarantineMs, isActive, logger } = this.options;
    if (isActive && !isActive()) return [];
    const now = clock.now();
    const orphansByNode = new Map<string, Pod[]>();
    for (const pod of pods.list()) {
      const nodeName = pod.spec.nodeName;
      if (!nodeName || nodes.get(nodeName)) continue;
      orphansByNode.set(nodeName, [...(orphansByNode.get(nodeName) ?? []), pod]);
    }
    for (const name of [...this.missingSince.keys()])
      if (!orphansByNode.has(name)) this.missingSince.delete(name);
    const deleted: string[] = [];
    for (const [nodeName, orphans] of orphansByNode) {
      const since = this.missingSince.get(nodeName) ?? now;
      this.missingSince.set(nodeName, since);
      if (now - since < quarantineMs) continue;
      // The cache may lag: only a node the apiserver says is gone orphans its pods.
      if (await api.nodeExists(nodeName)) {
        this.missingSince.delete(nodeName);
        continue;
      }
      for (const pod of orphans) {
        const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
        logger.info('deleting orphaned pod: its node no longer exists', { pod: key, node: nodeName });
        try {
          await api.forceDelete(pod, 'DeletionByPodGC', 'PodGC: node no longer exists');
          deleted.push(key);
        } catch (error) {
          if (!(error instanceof ApiError && (error.code === 404 || error.code === 409))) throw error;
        }
      }
    }
    return deleted;
  }
}
