/**
 * The DaemonSet controller (pkg/controller/daemon/daemon_controller.go syncDaemonSet): one daemon
 * pod on every eligible node, following nodes as they come and go, replaced template by template
 * at most maxUnavailable at a time. Reads the informer caches; decides in daemonset-sync.ts;
 * writes through the DaemonSetApi port.
 */
import { DaemonSet, Node, Pod } from '@orchestra/api';
import { Lister, splitKey } from '@orchestra/client';
import { ReconcileResult, Reconciler } from '@orchestra/queues';
import { Clock, systemClock } from '../controller-utils/clock';
import { ControllerExpectations } from '../controller-utils/controller-expectations';
import { daemonSetKind, newControllerRef } from '../controller-utils/controller-ref';
import { claim } from '../controller-utils/controller-ref-manager';
import { ExpectedPodWrites } from '../controller-utils/expected-pod-writes';
import { PodControl } from '../controller-utils/pod-control';
import { filterActivePods } from '../controller-utils/pod-readiness';
import { EventSink, WorkloadApi } from '../controller-utils/workload-api.port';
import {
  calculateDaemonSetStatus,
  daemonPodFor,
  daemonSetStatusChanged,
  daemonSetTemplateHash,
  manageDaemonSet,
} from './daemonset-sync';

/** What the DaemonSet controller writes: pods, and its DaemonSets' status subresource. */
export interface DaemonSetApi extends Pick<
  WorkloadApi,
  'createPod' | 'deletePod' | 'patchPodOwnerReferences'
> {
  updateDaemonSetStatus(ds: DaemonSet): Promise<DaemonSet>;
}

export interface DaemonSetReconcilerDeps {
  daemonSets: Lister<DaemonSet>;
  pods: Lister<Pod>;
  nodes: Lister<Node>;
  api: DaemonSetApi;
  events: EventSink;
  /** Its own (keys are DaemonSet keys); the wiring reports the daemon pods it observes. */
  expectations: ControllerExpectations;
  clock?: Clock;
}

export class DaemonSetReconciler implements Reconciler {
  readonly name = 'daemonset';
  private readonly clock: Clock;
  private readonly podWrites: ExpectedPodWrites;

  constructor(private readonly deps: DaemonSetReconcilerDeps) {
    this.clock = deps.clock ?? systemClock;
    this.podWrites = new ExpectedPodWrites(new PodControl(deps.api, deps.events), deps.expectations);
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { daemonSets, pods, nodes, api, expectations } = this.deps;
    const cached = daemonSets.get(key);
    if (!cached) {
      expectations.deleteExpectations(key);
      return;
    }
    const ds: DaemonSet = { apiVersion: 'apps/v1', kind: 'DaemonSet', ...cached };
    // Adopt matching orphans, release owned pods that no longer match.
    const active = filterActivePods(pods.list(splitKey(key).namespace));
    const owned = await claim(ds, daemonSetKind, active, api.patchPodOwnerReferences.bind(api));
    const allNodes = nodes.list();

    let manageError: unknown;
    if (expectations.satisfiedExpectations(key) && !ds.metadata.deletionTimestamp) {
      const decision = manageDaemonSet(ds, allNodes, owned, this.clock.now());
      manageError = await this.apply(key, ds, decision.create, decision.delete).then(
        () => undefined,
        (e: unknown) => e,
      );
    }
    const now = this.clock.now();
    const status = calculateDaemonSetStatus(ds, allNodes, owned, now);
    if (daemonSetStatusChanged(ds, status)) await api.updateDaemonSetStatus({ ...ds, status });
    if (manageError !== undefined) throw manageError;
    // Ready pods become available after minReadySeconds: no pod event says that time went by.
    const min = ds.spec.minReadySeconds ?? 0;
    if (min > 0 && status.numberReady !== status.numberAvailable) return { requeueAfterMs: min * 1000 };
  }

  private async apply(key: string, ds: DaemonSet, create: string[], victims: Pod[]): Promise<void> {
    const ref = newControllerRef(ds, daemonSetKind);
    const hash = daemonSetTemplateHash(ds);
    const ns = ds.metadata.namespace ?? '';
    const podFor = (i: number) => daemonPodFor(ds, create[i], hash, ref);
    // All daemon pods in one batch, as this controller has always created them (Kubernetes'
    // syncNodes slow-starts from 1), while the deletes run.
    const creates = { count: create.length, podFor, initialBatchSize: create.length };
    await this.podWrites.createAndDelete(key, ds, ns, creates, victims);
  }
}
