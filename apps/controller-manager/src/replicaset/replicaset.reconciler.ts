/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go syncReplicaSet): keep
 * spec.replicas active pods that match the selector, and report how many are ready and available.
 * Reads the informer caches; decides in replicaset-sync.ts; writes through the WorkloadApi port.
 */
import { Pod, ReplicaSet } from '@orchestra/api';
import { Lister, splitKey } from '@orchestra/client';
import { ReconcileResult, Reconciler } from '@orchestra/queues';
import { Clock, systemClock } from '../controller-utils/clock';
import { ControllerExpectations } from '../controller-utils/controller-expectations';
import { getControllerOf, newControllerRef, replicaSetKind } from '../controller-utils/controller-ref';
import { claim } from '../controller-utils/controller-ref-manager';
import { ExpectedPodWrites } from '../controller-utils/expected-pod-writes';
import { PodControl } from '../controller-utils/pod-control';
import { filterActivePods, isPodActive } from '../controller-utils/pod-readiness';
import { EventSink, WorkloadApi } from '../controller-utils/workload-api.port';
import {
  calculateReplicaSetStatus,
  manageReplicasDecision,
  minReadyRequeueMs,
  podFromTemplate,
  replicaSetStatusChanged,
} from './replicaset-sync';

export interface ReplicaSetReconcilerDeps {
  replicaSets: Lister<ReplicaSet>;
  pods: Lister<Pod>;
  api: WorkloadApi;
  events: EventSink;
  /** Shared with the wiring, which reports pod creations and deletions it observes. */
  expectations: ControllerExpectations;
  clock?: Clock;
  /** Explicit pod names (e.g. `generateName` from name-generator); by default the apiserver names pods. */
  podName?: (rs: ReplicaSet) => string | undefined;
}

export class ReplicaSetReconciler implements Reconciler {
  readonly name = 'replicaset';
  private readonly clock: Clock;
  private readonly podWrites: ExpectedPodWrites;

  constructor(private readonly deps: ReplicaSetReconcilerDeps) {
    this.clock = deps.clock ?? systemClock;
    this.podWrites = new ExpectedPodWrites(new PodControl(deps.api, deps.events), deps.expectations);
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { replicaSets, pods, api, expectations } = this.deps;
    const cached = replicaSets.get(key);
    if (!cached) {
      expectations.deleteExpectations(key);
      return;
    }
    const rs: ReplicaSet = { apiVersion: 'apps/v1', kind: 'ReplicaSet', ...cached };
    const needsSync = expectations.satisfiedExpectations(key);
    const active = filterActivePods(pods.list(splitKey(key).namespace));
    // Adopt matching orphans, release owned pods that no longer match.
    const owned = await claim(rs, replicaSetKind, active, api.patchPodOwnerReferences.bind(api));

    let manageError: unknown;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      manageError = await this.manageReplicas(key, rs, owned).then(
        () => undefined,
        (e: unknown) => e,
      );
    }
    const now = this.clock.now();
    const status = calculateReplicaSetStatus(rs, owned, manageError, now);
    if (replicaSetStatusChanged(rs, status)) await api.updateReplicaSetStatus({ ...rs, status });
    if (manageError !== undefined) throw manageError;
    const requeueAfterMs = minReadyRequeueMs(rs, status);
    return requeueAfterMs === undefined ? undefined : { requeueAfterMs };
  }

  private async manageReplicas(key: string, rs: ReplicaSet, owned: Pod[]): Promise<void> {
    const decision = manageReplicasDecision(rs, owned, this.relatedPods(rs, owned), this.clock.now());
    if (decision.action === 'create') {
      const ref = newControllerRef(rs, replicaSetKind);
      await this.podWrites.createInBatches(key, rs, rs.metadata.namespace ?? '', decision.count, () =>
        podFromTemplate(rs, ref, this.deps.podName?.(rs)),
      );
    }
    if (decision.action === 'delete') await this.podWrites.deleteInParallel(key, rs, decision.pods);
  }

  /**
   * The pods of every ReplicaSet controlled by the same owner as this one (getIndirectlyRelatedPods),
   * or just its own pods when it has no controller.
   */
  private relatedPods(rs: ReplicaSet, owned: Pod[]): Pod[] {
    const owner = getControllerOf(rs);
    if (!owner) return owned;
    const siblings = this.deps.replicaSets
      .list(rs.metadata.namespace)
      .filter((other) => getControllerOf(other)?.uid === owner.uid);
    return siblings.flatMap((s) =>
      this.deps.pods.byIndex('ownerUid', s.metadata.uid ?? '').filter((p) => isPodActive(p)),
    );
  }
}
