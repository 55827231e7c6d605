/**
 * One sync of one Deployment (the write side of pkg/controller/deployment: sync.go, rolling.go,
 * recreate.go, progress.go). Holds the Deployment and its ReplicaSets as last written, asks the
 * pure planners what to do, and writes through the WorkloadApi port.
 */
import { Deployment, Pod, ReplicaSet } from '@orchestra/api';
import { Lister } from '@orchestra/client';
import { errorMessage, isAlreadyExists, isNotFound } from '../controller-utils/api-errors';
import { Clock } from '../controller-utils/clock';
import { isControlledBy } from '../controller-utils/controller-ref';
import { EventSink, WorkloadApi } from '../controller-utils/workload-api.port';
import {
  DeploymentConditionType as Type,
  DeploymentReason as Reason,
  getDeploymentCondition,
  newDeploymentCondition,
  setDeploymentCondition,
} from './deployment-conditions';
import {
  equalIgnoreHash,
  findNewReplicaSet,
  findOldReplicaSets,
  newReplicaSetFor,
  specReplicas,
} from './deployment-replica-sets';
import {
  maxRevision,
  replicaSetsToCleanUp,
  revisionAnnotation,
  replicasAnnotationsNeedUpdate,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from './deployment-revisions';
import {
  calculateStatus,
  hasProgressDeadline,
  rolloutStatus,
  statusChanged,
  stuckRequeueMs,
} from './deployment-status';
import { ScalePlan } from './proportional-scaling';
import { maxSurge, newRSNewReplicas, ScaleAction } from './rolling-update';

export interface DeploymentSyncDeps {
  api: WorkloadApi;
  events: EventSink;
  clock: Clock;
  replicaSets: Lister<ReplicaSet>;
}

export class DeploymentSync {
  constructor(
    private readonly deps: DeploymentSyncDeps,
    public d: Deployment,
    /** The ReplicaSets this Deployment controls, kept current as they are written. */
    public rsList: ReplicaSet[],
    /** The Deployment's pods by ReplicaSet uid (Recreate waits for old ones to be gone). */
    readonly podMap: ReadonlyMap<string, readonly Pod[]>,
  ) {}

  private get now(): number {
    return this.deps.clock.now();
  }

  /** The current version of a ReplicaSet of this sync. */
  fresh(rs: ReplicaSet): ReplicaSet {
    return this.rsList.find((r) => r.metadata.uid === rs.metadata.uid) ?? rs;
  }

  private replace(rs: ReplicaSet): ReplicaSet {
    this.rsList = this.rsList.map((r) => (r.metadata.uid === rs.metadata.uid ? rs : r));
    if (!this.rsList.includes(rs)) this.rsList.push(rs);
    return rs;
  }

  /** getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created if asked and missing) and all old ones. */
  async newAndOld(createIfMissing: boolean): Promise<{ newRS?: ReplicaSet; oldRSs: ReplicaSet[] }> {
    const oldRSs = findOldReplicaSets(this.d, this.rsList);
    const newRS = await this.getNewReplicaSet(oldRSs, createIfMissing);
    return { newRS, oldRSs: oldRSs.map((rs) => this.fresh(rs)) };
  }

  private async getNewReplicaSet(oldRSs: ReplicaSet[], create: boolean): Promise<ReplicaSet | undefined> {
    const existing = findNewReplicaSet(this.d, this.rsList);
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) {
      let rs = existing;
      const copy = structuredClone(existing);
      const annotationsChanged = setNewReplicaSetAnnotations(this.d, copy, newRevision, true, 0);
      if (annotationsChanged || (copy.spec.minReadySeconds ?? 0) !== (this.d.spec.minReadySeconds ?? 0)) {
        copy.spec.minReadySeconds = this.d.spec.minReadySeconds ?? 0;
        rs = this.replace(await this.deps.api.updateReplicaSet(copy));
      }
      await this.syncRevision(rs.metadata.annotations?.[revisionAnnotation]);
      if (hasProgressDeadline(this.d) && !getDeploymentCondition(this.d.status, Type.Progressing)) {
        await this.setProgressing(
          'True',
          Reason.FoundNewReplicaSet,
          `Found new replica set "${rs.metadata.name}"`,
        );
      }
      return rs;
    }
    if (!create) return undefined;
    return this.createNewReplicaSet(oldRSs, newRevision);
  }

  private async createNewReplicaSet(oldRSs: ReplicaSet[], newRevision: number): Promise<ReplicaSet> {
    const rs = newReplicaSetFor(this.d);
    rs.spec.replicas = newRSNewReplicas(this.d, [...oldRSs, rs], rs);
    setNewReplicaSetAnnotations(this.d, rs, newRevision, false, specReplicas(this.d) + maxSurge(this.d));
    let created: ReplicaSet;
    try {
      created = await this.deps.api.createReplicaSet(this.d.metadata.namespace ?? '', rs);
    } catch (e) {
      if (isAlreadyExists(e)) return this.adoptOrCollide(rs, e);
      const message = `Failed to create new replica set "${rs.metadata.name}": ${errorMessage(e)}`;
      if (hasProgressDeadline(this.d))
        await this.setProgressing('False', Reason.ReplicaSetCreateError, message);
      this.deps.events.warning(this.d, Reason.ReplicaSetCreateError, message);
      throw e;
    }
    this.replace(created);
    if (specReplicas(created) > 0) {
      this.scalingEvent('up', created.metadata.name, 0, specReplicas(created));
    }
    await this.syncRevision(String(newRevision));
    if (hasProgressDeadline(this.d)) {
      await this.setProgressing(
        'True',
        Reason.NewReplicaSetCreated,
        `Created new replica set "${created.metadata.name}"`,
      );
    }
    return created;
  }

  /**
   * The name is taken. If it is our ReplicaSet with our template, the cache was just behind: use
   * it. Otherwise it is a hash collision: bump status.collisionCount so the next hash differs.
   */
  private async adoptOrCollide(rs: ReplicaSet, error: unknown): Promise<ReplicaSet> {
    const found = this.deps.replicaSets.get(`${rs.metadata.namespace}/${rs.metadata.name}`);
    if (
      found &&
      isControlledBy(found, this.d) &&
      equalIgnoreHash(found.spec.template, this.d.spec.template)
    ) {
      return this.replace(found);
    }
    const status = { ...this.d.status, collisionCount: (this.d.status?.collisionCount ?? 0) + 1 };
    this.d = await this.deps.api.updateDeploymentStatus({ ...this.d, status });
    throw error;
  }

  private async syncRevision(revision: string | undefined): Promise<void> {
    if (revision === undefined) return;
    const copy = structuredClone(this.d);
    if (setDeploymentRevision(copy, revision)) this.d = await this.deps.api.updateDeployment(copy);
  }

  private async setProgressing(status: 'True' | 'False', reason: string, message: string): Promise<void> {
    const next = structuredClone(this.d.status ?? {});
    setDeploymentCondition(next, newDeploymentCondition(Type.Progressing, status, reason, message, this.now));
    if (statusChanged(this.d, next))
      this.d = await this.deps.api.updateDeploymentStatus({ ...this.d, status: next });
  }

  private scalingEvent(operation: string, name: string | undefined, from: number, to: number): void {
    const message = `Scaled ${operation} replica set ${name} from ${from} to ${to}`;
    this.deps.events.normal(this.d, 'ScalingReplicaSet', message);
  }

  /** scaleReplicaSet: size and replicas annotations in one update, and the ScalingReplicaSet event. */
  async scaleReplicaSet(rs: ReplicaSet, replicas: number, operation: string): Promise<boolean> {
    const current = this.fresh(rs);
    const desired = specReplicas(this.d);
    const max = desired + maxSurge(this.d);
    const sizeChanges = specReplicas(current) !== replicas;
    if (!sizeChanges && !replicasAnnotationsNeedUpdate(current, desired, max)) return false;
    const copy = structuredClone(current);
    copy.spec.replicas = replicas;
    setReplicasAnnotations(copy, desired, max);
    const updated = this.replace(await this.deps.api.updateReplicaSet(copy));
    if (sizeChanges) this.scalingEvent(operation, updated.metadata.name, specReplicas(current), replicas);
    return sizeChanges;
  }

  /** scaleReplicaSetAndRecordEvent for each action; true when any size changed. */
  async apply(actions: readonly ScaleAction[]): Promise<boolean> {
    let scaled = false;
    for (const { rs, replicas } of actions) {
      const from = specReplicas(this.fresh(rs));
      if (from === replicas) continue;
      if (await this.scaleReplicaSet(rs, replicas, from < replicas ? 'up' : 'down')) scaled = true;
    }
    return scaled;
  }

  async applyScalePlan(plan: ScalePlan): Promise<void> {
    if (plan.operation === undefined) {
      await this.apply(plan.actions);
      return;
    }
    for (const { rs, replicas } of plan.actions) await this.scaleReplicaSet(rs, replicas, plan.operation);
  }

  /** cleanupDeployment: delete old ReplicaSets beyond revisionHistoryLimit. */
  async cleanup(oldRSs: readonly ReplicaSet[]): Promise<void> {
    for (const rs of replicaSetsToCleanUp(
      this.d,
      oldRSs.map((r) => this.fresh(r)),
    )) {
      try {
        await this.deps.api.deleteReplicaSet(
          rs.metadata.namespace ?? '',
          rs.metadata.name ?? '',
          rs.metadata.uid ?? '',
        );
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      this.rsList = this.rsList.filter((r) => r.metadata.uid !== rs.metadata.uid);
    }
  }

  private allRSs(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet[] {
    return [...oldRSs, ...(newRS ? [newRS] : [])].map((rs) => this.fresh(rs));
  }

  /** syncDeploymentStatus: counts and Available only (scaling, paused, deleting). */
  async syncStatus(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): Promise<void> {
    const status = calculateStatus(this.allRSs(newRS, oldRSs), newRS && this.fresh(newRS), this.d, this.now);
    if (statusChanged(this.d, status))
      this.d = await this.deps.api.updateDeploymentStatus({ ...this.d, status });
  }

  /** syncRolloutStatus, plus when to look again if the rollout might be stuck. */
  async syncRolloutStatus(
    newRS: ReplicaSet | undefined,
    oldRSs: readonly ReplicaSet[],
  ): Promise<number | undefined> {
    const status = rolloutStatus(this.allRSs(newRS, oldRSs), newRS && this.fresh(newRS), this.d, this.now);
    if (statusChanged(this.d, status))
      this.d = await this.deps.api.updateDeploymentStatus({ ...this.d, status });
    return stuckRequeueMs(this.d, status, this.now);
  }

  /** checkPausedConditions: Progressing=Unknown DeploymentPaused / DeploymentResumed. */
  async checkPausedConditions(): Promise<void> {
    if (!hasProgressDeadline(this.d)) return;
    const condition = getDeploymentCondition(this.d.status, Type.Progressing);
    if (condition?.reason === Reason.ProgressDeadlineExceeded) return;
    const pausedCondition = condition?.reason === Reason.DeploymentPaused;
    const next = structuredClone(this.d.status ?? {});
    if (this.d.spec.paused && !pausedCondition) {
      setDeploymentCondition(
        next,
        newDeploymentCondition(
          Type.Progressing,
          'Unknown',
          Reason.DeploymentPaused,
          'Deployment is paused',
          this.now,
        ),
      );
    } else if (!this.d.spec.paused && pausedCondition) {
      setDeploymentCondition(
        next,
        newDeploymentCondition(
          Type.Progressing,
          'Unknown',
          Reason.DeploymentResumed,
          'Deployment is resumed',
          this.now,
        ),
      );
    } else return;
    this.d = await this.deps.api.updateDeploymentStatus({ ...this.d, status: next });
  }
}
