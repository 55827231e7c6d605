/**
 * Revisions and the annotations that carry them (util/deployment_util.go): every ReplicaSet a
 * Deployment made has `deployment.kubernetes.io/revision`; the Deployment carries its new
 * ReplicaSet's. `kubectl rollout history` lists them, `kubectl rollout undo` picks one. When the
 * template goes back to an older ReplicaSet's, that ReplicaSet becomes new again with the next
 * revision, and its earlier numbers move to `revision-history`.
 */
import { Deployment, ReplicaSet } from '@orchestra/api';
import { byCreationTimestamp, specReplicas } from './deployment-replica-sets';

export const revisionAnnotation = 'deployment.kubernetes.io/revision';
export const revisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
/** spec.replicas of the Deployment when it last sized this ReplicaSet (proportional scaling). */
export const desiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
/** spec.replicas + maxSurge of the Deployment when it last sized this ReplicaSet. */
export const maxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
/** The deprecated extensions/v1beta1 rollback request. */
export const rollbackToAnnotation = 'deprecated.deployment.rollback.to';
export const lastAppliedConfigAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

/** Annotations of the Deployment that are not copied to its ReplicaSets. */
const notCopied = new Set([
  lastAppliedConfigAnnotation,
  revisionAnnotation,
  revisionHistoryAnnotation,
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  rollbackToAnnotation,
]);

/** Revisions kept in revision-history, counted in characters (maxRevHistoryLengthInChars). */
export const maxRevisionHistoryLength = 2000;

/** The revision number, 0 when missing or not a number. */
export function revisionOf(obj: { metadata: { annotations?: Record<string, string> } }): number {
  const value = obj.metadata.annotations?.[revisionAnnotation];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : 0;
}

export function maxRevision(rss: readonly ReplicaSet[]): number {
  return Math.max(0, ...rss.map(revisionOf));
}

/** Copies the Deployment's own annotations (e.g. kubernetes.io/change-cause) onto the ReplicaSet. */
function copyDeploymentAnnotations(d: Deployment, rs: ReplicaSet): boolean {
  let changed = false;
  rs.metadata.annotations ??= {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (notCopied.has(k) || rs.metadata.annotations[k] === v) continue;
    rs.metadata.annotations[k] = v;
    changed = true;
  }
  return changed;
}

/** Records the desired and max replicas the ReplicaSet was sized for; true when they changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const annotations = (rs.metadata.annotations ??= {});
  if (
    annotations[desiredReplicasAnnotation] === String(desired) &&
    annotations[maxReplicasAnnotation] === String(max)
  ) {
    return false;
  }
  annotations[desiredReplicasAnnotation] = String(desired);
  annotations[maxReplicasAnnotation] = String(max);
  return true;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[desiredReplicasAnnotation] !== String(desired) || a[maxReplicasAnnotation] !== String(max);
}

export function replicasAnnotation(rs: ReplicaSet, name: string): number | undefined {
  const value = rs.metadata.annotations?.[name];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * SetNewReplicaSetAnnotations, on a copy of the new ReplicaSet: the Deployment's annotations, the
 * revision (raised to `newRevision` if lower, remembering the old number in revision-history: a
 * rollback), and for a ReplicaSet about to be created the replicas annotations. True when changed.
 */
export function setNewReplicaSetAnnotations(
  d: Deployment,
  rs: ReplicaSet,
  newRevision: number,
  exists: boolean,
  maxReplicas: number,
): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const annotations = (rs.metadata.annotations ??= {});
  const oldValue = annotations[revisionAnnotation];
  if (oldValue !== undefined && !/^\d+$/.test(oldValue)) return changed;
  const oldRevision = oldValue === undefined ? 0 : Number(oldValue);
  if (oldRevision < newRevision) {
    annotations[revisionAnnotation] = String(newRevision);
    changed = true;
    if (oldValue !== undefined) {
      const history = annotations[revisionHistoryAnnotation];
      const revisions = history ? [...history.split(','), oldValue] : [oldValue];
      while (revisions.join(',').length > maxRevisionHistoryLength && revisions.length > 1) revisions.shift();
      annotations[revisionHistoryAnnotation] = revisions.join(',');
    }
  }
  if (!exists && setReplicasAnnotations(rs, specReplicas(d), maxReplicas)) changed = true;
  return changed;
}

/** SetDeploymentRevision, on a copy of the Deployment; true when it changed. */
export function setDeploymentRevision(d: Deployment, revision: string): boolean {
  const annotations = (d.metadata.annotations ??= {});
  if (annotations[revisionAnnotation] === revision) return false;
  annotations[revisionAnnotation] = revision;
  return true;
}

/**
 * cleanupDeployment: the old ReplicaSets beyond revisionHistoryLimit, lowest revision first, that
 * are safe to delete: scaled to zero, with no pods left and their status caught up.
 */
export function replicaSetsToCleanUp(d: Deployment, oldRSs: readonly ReplicaSet[]): ReplicaSet[] {
  const limit = d.spec.revisionHistoryLimit;
  if (limit === undefined || limit === null) return [];
  const alive = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = alive.length - limit;
  if (diff <= 0) return [];
  const byRevision = [...alive].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreationTimestamp(a, b));
  return byRevision
    .slice(0, diff)
    .filter(
      (rs) =>
        (rs.status?.replicas ?? 0) === 0 &&
        specReplicas(rs) === 0 &&
        (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0),
    );
}
