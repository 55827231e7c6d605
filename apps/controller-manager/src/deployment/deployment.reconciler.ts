/**
 * The Deployment controller (pkg/controller/deployment/deployment_controller.go syncDeployment):
 * owns ReplicaSets, one per pod template version, and moves pods from the old versions to the new
 * one by the Deployment's strategy, reporting progress for `kubectl rollout status`.
 */
import { Deployment, Pod, ReplicaSet, labelSelectorMatches } from '@orchestra/api';
import { Lister, splitKey } from '@orchestra/client';
import { ReconcileResult, Reconciler } from '@orchestra/queues';
import { Clock, systemClock } from '../controller-utils/clock';
import { deploymentKind, getControllerOf } from '../controller-utils/controller-ref';
import { claim } from '../controller-utils/controller-ref-manager';
import { EventSink, WorkloadApi } from '../controller-utils/workload-api.port';
import { filterActiveReplicaSets } from './deployment-replica-sets';
import { deploymentComplete } from './deployment-status';
import { DeploymentSync } from './deployment-sync';
import { isScalingEvent, scalePlan } from './proportional-scaling';
import { oldPodsRunning, recreateScaleDown, recreateScaleUp } from './recreate';
import { newReplicaSetTarget, oldReplicaSetsScaleDown } from './rolling-update';

export interface DeploymentReconcilerDeps {
  deployments: Lister<Deployment>;
  replicaSets: Lister<ReplicaSet>;
  pods: Lister<Pod>;
  api: WorkloadApi;
  events: EventSink;
  clock?: Clock;
}

type Result = ReconcileResult | void;

export class DeploymentReconciler implements Reconciler {
  readonly name = 'deployment';
  private readonly clock: Clock;

  constructor(private readonly deps: DeploymentReconcilerDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  async reconcile(key: string): Promise<Result> {
    const cached = this.deps.deployments.get(key);
    if (!cached) return;
    const d: Deployment = { apiVersion: 'apps/v1', kind: 'Deployment', ...structuredClone(cached) };
    if (
      Object.keys(d.spec.selector ?? {}).every((k) =>
        isEmpty((d.spec.selector as Record<string, unknown>)[k]),
      )
    ) {
      return this.selectingAll(d);
    }
    const namespace = splitKey(key).namespace;
    // getReplicaSetsForDeployment: adopt matching orphans, release owned ones that stopped matching.
    const { api, replicaSets } = this.deps;
    const candidates = replicaSets.list(namespace);
    const rsList = await claim(d, deploymentKind, candidates, api.patchReplicaSetOwnerReferences.bind(api));
    const sync = new DeploymentSync(
      { api: this.deps.api, events: this.deps.events, clock: this.clock, replicaSets: this.deps.replicaSets },
      d,
      rsList,
      this.podMap(d, rsList),
    );
    if (d.metadata.deletionTimestamp) {
      const { newRS, oldRSs } = await sync.newAndOld(false);
      return sync.syncStatus(newRS, oldRSs);
    }
    await sync.checkPausedConditions();
    if (sync.d.spec.paused) return this.scale(sync);
    const current = await sync.newAndOld(false);
    if (isScalingEvent(sync.d, [...current.oldRSs, ...(current.newRS ? [current.newRS] : [])])) {
      return this.scale(sync);
    }
    const requeueAfterMs =
      sync.d.spec.strategy?.type === 'Recreate'
        ? await this.rolloutRecreate(sync)
        : await this.rolloutRolling(sync);
    return requeueAfterMs === undefined ? undefined : { requeueAfterMs };
  }

  private async selectingAll(d: Deployment): Promise<Result> {
    this.deps.events.warning(
      d,
      'SelectingAll',
      'This deployment is selecting all pods. A non-empty selector is required.',
    );
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
      await this.deps.api.updateDeploymentStatus({
        ...d,
        status: { ...d.status, observedGeneration: d.metadata.generation },
      });
    }
  }

  /** sync: a scaling event or a paused Deployment; no rollout progress, only sizes and status. */
  private async scale(sync: DeploymentSync): Promise<Result> {
    const { newRS, oldRSs } = await sync.newAndOld(false);
    await sync.applyScalePlan(
      scalePlan(
        sync.d,
        newRS && sync.fresh(newRS),
        oldRSs.map((rs) => sync.fresh(rs)),
      ),
    );
    if (sync.d.spec.paused) await sync.cleanup(oldRSs);
    await sync.syncStatus(newRS, oldRSs);
  }

  /** rolloutRolling: grow the new ReplicaSet, else shrink old ones, else clean up; then status. */
  private async rolloutRolling(sync: DeploymentSync): Promise<number | undefined> {
    const { newRS, oldRSs } = await sync.newAndOld(true);
    if (!newRS) return undefined;
    const target = newReplicaSetTarget(sync.d, sync.rsList, sync.fresh(newRS));
    if (target !== undefined && (await sync.apply([{ rs: newRS, replicas: target }]))) {
      return sync.syncRolloutStatus(newRS, oldRSs);
    }
    const scaleDown = oldReplicaSetsScaleDown(
      sync.d,
      filterActiveReplicaSets(oldRSs.map((rs) => sync.fresh(rs))),
      sync.fresh(newRS),
    );
    if (await sync.apply(scaleDown)) return sync.syncRolloutStatus(newRS, oldRSs);
    if (deploymentComplete(sync.d, sync.d.status ?? {})) await sync.cleanup(oldRSs);
    return sync.syncRolloutStatus(newRS, oldRSs);
  }

  /** rolloutRecreate: all old to 0, wait for their pods to be gone, then the new one to full size. */
  private async rolloutRecreate(sync: DeploymentSync): Promise<number | undefined> {
    let { newRS, oldRSs } = await sync.newAndOld(false);
    if (await sync.apply(recreateScaleDown(oldRSs.map((rs) => sync.fresh(rs))))) {
      return sync.syncRolloutStatus(newRS, oldRSs);
    }
    if (
      oldPodsRunning(
        newRS && sync.fresh(newRS),
        oldRSs.map((rs) => sync.fresh(rs)),
        sync.podMap,
      )
    ) {
      return sync.syncRolloutStatus(newRS, oldRSs);
    }
    if (!newRS) ({ newRS, oldRSs } = await sync.newAndOld(true));
    if (newRS) await sync.apply(recreateScaleUp(sync.d, sync.fresh(newRS)));
    if (deploymentComplete(sync.d, sync.d.status ?? {})) await sync.cleanup(oldRSs);
    return sync.syncRolloutStatus(newRS, oldRSs);
  }

  /** getPodMapForDeployment: the Deployment's pods (terminating ones too) by owning ReplicaSet uid. */
  private podMap(d: Deployment, rsList: ReplicaSet[]): Map<string, Pod[]> {
    const map = new Map<string, Pod[]>(rsList.map((rs) => [rs.metadata.uid ?? '', []]));
    for (const pod of this.deps.pods.list(d.metadata.namespace)) {
      if (!labelSelectorMatches(d.spec.selector, pod.metadata.labels)) continue;
      const owner = getControllerOf(pod);
      if (owner) map.get(owner.uid)?.push(pod);
    }
    return map;
  }
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value as object).length === 0;
}
