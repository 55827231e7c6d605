/**
 * The pod garbage collector (Kubernetes pkg/controller/podgc): every period, force-deletes the pods
 * nobody will ever confirm the stop of (see podgc-decision.ts): those bound to a node that was
 * deleted (after a quarantine and a lookup in the apiserver), those terminating on an
 * out-of-service node, and unscheduled ones being deleted. Each is first marked Failed (an
 * orphan with a DisruptionTarget condition), then deleted with grace period 0, so its name is
 * free again: a StatefulSet then creates its ordinal's pod anew.
 *
 * A pod on a node that is only lost (NotReady, tainted, its pods evicted and terminating) is left
 * alone, as in Kubernetes: the node may come back and its kubelet confirm the stop; until the node
 * returns or is deleted, a StatefulSet waits rather than risk two pods of one ordinal.
 *
 * Runs only while this process leads (start/stop follow the leader election).
 */
import { Condition, Node, Pod } from '@orchestra/api';
import type { Lister } from '@orchestra/client';
import type { Logger } from '@orchestra/observability';
import { isNotFound, rfc3339, type Clock } from '../controller-utils';
import {
  missingNodes,
  orphanedCondition,
  PodGcReason,
  podsOnNodes,
  quarantineOver,
  terminatingOutOfService,
  unscheduledTerminating,
} from './podgc-decision';
import type { PodGcMetrics } from './podgc.metrics';

export interface PodGcApi {
  /** Whether the node exists in the apiserver (not the cache). */
  nodeExists(name: string): Promise<boolean>;
  /** PUT the pod's status (Failed, with the condition) unless it already finished. */
  updatePodStatus(pod: Pod): Promise<Pod>;
  /** DELETE with gracePeriodSeconds 0 and the pod's uid as precondition. */
  forceDeletePod(namespace: string, name: string, uid: string): Promise<void>;
}

export interface PodGcOptions {
  pods: Lister<Pod>;
  nodes: Lister<Node>;
  api: PodGcApi;
  metrics: PodGcMetrics;
  logger: Logger;
  clock: Clock;
  periodMs: number;
  quarantineMs: number;
  isActive?: () => boolean;
}

export class PodGcController {
  readonly name = 'pod-garbage-collector';
  /** Missing nodes and when they were first seen missing. */
  private readonly quarantine = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private running = false;
  private pass?: Promise<void>;

  constructor(private readonly options: PodGcOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    const loop = () => {
      this.pass = this.gc()
        .catch((error) => void this.options.logger.error('pod garbage collection failed', { error }))
        .finally(() => {
          if (this.running) this.timer = setTimeout(loop, this.options.periodMs);
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.pass;
  }

  /** One pass (gc). */
  async gc(): Promise<void> {
    if (!this.active()) return;
    const { pods: podLister, nodes: nodeLister, clock, quarantineMs, api, logger } = this.options;
    const pods = podLister.list();
    const nodes = nodeLister.list();
    await this.forceDelete(terminatingOutOfService(pods, nodes), 'terminating_out_of_service');

    const due = quarantineOver(this.quarantine, missingNodes(pods, nodes), clock.now(), quarantineMs);
    const deleted = new Set<string>();
    for (const node of due) {
      try {
        if (await api.nodeExists(node)) this.quarantine.delete(node);
        else deleted.add(node);
      } catch (error) {
        logger.warn('pod garbage collector: node lookup failed', { node, error });
      }
    }
    await this.forceDelete(podsOnNodes(pods, deleted), 'orphaned', orphanedCondition);
    await this.forceDelete(unscheduledTerminating(pods), 'terminating_unscheduled');
  }

  private async forceDelete(
    pods: Pod[],
    reason: PodGcReason,
    condition?: Omit<Condition, 'lastTransitionTime'>,
  ): Promise<void> {
    const { api, metrics, logger, clock } = this.options;
    await Promise.all(
      pods.map(async (pod) => {
        if (!this.active()) return;
        const { namespace = '', name = '', uid = '' } = pod.metadata;
        metrics.deletingPodsTotal.inc({ namespace, reason });
        try {
          const phase = pod.status?.phase;
          if (phase !== 'Succeeded' && phase !== 'Failed') {
            const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== condition?.type);
            if (condition) conditions.push({ ...condition, lastTransitionTime: rfc3339(clock.now()) });
            await api.updatePodStatus({ ...pod, status: { ...pod.status, phase: 'Failed', conditions } });
          }
          await api.forceDeletePod(namespace, name, uid);
          logger.info('pod garbage collector force-deleted a pod', { pod: `${namespace}/${name}`, reason });
        } catch (error) {
          if (isNotFound(error)) return;
          metrics.deletingPodsErrorTotal.inc({ namespace, reason });
          logger.warn('pod garbage collector could not delete a pod', { pod: `${namespace}/${name}`, error });
        }
      }),
    );
  }

  private active(): boolean {
    return this.running && (this.options.isActive?.() ?? true);
  }
}
