/**
 * The StatefulSet controller's decisions (pkg/controller/statefulset/stateful_set_control.go
 * updateStatefulSet, processReplica, processCondemned, updateStatus, completeRollingUpdate), as a
 * pure function of the set, its pods, its current and update revisions and the claims that exist.
 *
 * One pod per ordinal, named for it: a pod is only ever created under a name the apiserver does not
 * hold, so an ordinal never has two pods, also while its old pod is terminating on a lost node
 * (that pod keeps the name until its kubelet, the PodGC or a forced delete removes it).
 *
 * - OrderedReady (monotonic): ordinals are visited upwards and the first that is not yet Running,
 *   Ready and available stops everything: one pod is created at a time, each after its
 *   predecessors are ready. Scale-down removes the highest ordinal first, one at a time, and only
 *   while the others are healthy.
 * - Parallel (burst): every missing pod is created and every condemned pod deleted at once.
 * - RollingUpdate: once all is healthy, the highest ordinal at or above the partition whose pod is
 *   not of the update revision is deleted (it comes back at the update revision), one at a time,
 *   each after the one above it is available again. Ordinals below the partition keep (and are
 *   recreated at) the current revision. OnDelete: pods change revision only when deleted.
 */
import {
  ControllerRevision,
  OwnerReference,
  PersistentVolumeClaim,
  Pod,
  StatefulSet,
  StatefulSetStatus,
} from '@orchestra/api';
import { canonicalJson } from '../controller-utils/pod-template-hash';
import {
  claimsFor,
  identityLabels,
  identityMatches,
  isCreated,
  isFailed,
  isPending,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  isUnavailable,
  newStatefulSetPod,
  ordinalOf,
  podInOrdinalRange,
  replicasOf,
  revisionOf,
  startOrdinal,
} from './statefulset-identity';
import { templateOf } from './statefulset-revisions';

export type StatefulSetStep =
  /** Create the pod's missing claims, then the pod. */
  | { kind: 'createPod'; pod: Pod; claims: PersistentVolumeClaim[] }
  /** A pending pod whose claims are missing (deleted meanwhile): create them. */
  | { kind: 'createClaims'; pod: Pod; claims: PersistentVolumeClaim[] }
  /** Give the pod its identity labels back (and its missing claims). */
  | { kind: 'updateIdentity'; pod: Pod; labels: Record<string, string>; claims: PersistentVolumeClaim[] }
  | { kind: 'deletePod'; pod: Pod; reason: 'finished' | 'scale-down' | 'update' };

export interface StatefulSetPlan {
  /**
   * What to do, in order. OrderedReady: one after the other, stopping at the first failure.
   * Parallel: the steps of one `phase` at once, the next phase only if all of them succeeded.
   */
  steps: (StatefulSetStep & { phase: 'replicas' | 'condemned' | 'update' })[];
  monotonic: boolean;
  /** The status to write (updateStatus and completeRollingUpdate), as if every step succeeds. */
  status: StatefulSetStatus;
  /** Why nothing more was done this round (OrderedReady waits), for logs and tests. */
  waitingFor?: string;
}

export interface StatefulSetSyncInput {
  sts: StatefulSet;
  /** The set's pods (owned, members by name), terminating ones included. */
  pods: readonly Pod[];
  currentRevision: ControllerRevision;
  updateRevision: ControllerRevision;
  collisionCount: number;
  /** The claims that exist, by name (the claim informer's cache). */
  claims: ReadonlyMap<string, PersistentVolumeClaim>;
  ref: OwnerReference;
  now: number;
}

/** allowsBurst: Parallel pod management. */
export const allowsBurst = (sts: StatefulSet): boolean => sts.spec.podManagementPolicy === 'Parallel';

/** computeReplicaStatus over the given pods, as updateStatus sums it. */
export function replicaStatus(
  pods: readonly Pod[],
  minReadySeconds: number,
  currentRevision: string,
  updateRevision: string,
  now: number,
): Pick<
  StatefulSetStatus,
  'replicas' | 'readyReplicas' | 'availableReplicas' | 'currentReplicas' | 'updatedReplicas'
> {
  let replicas = 0;
  let ready = 0;
  let available = 0;
  let current = 0;
  let updated = 0;
  for (const pod of pods) {
    if (isCreated(pod)) replicas++;
    if (isRunningAndReady(pod)) {
      ready++;
      if (isRunningAndAvailable(pod, minReadySeconds, now)) available++;
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      if (revisionOf(pod) === currentRevision) current++;
      if (revisionOf(pod) === updateRevision) updated++;
    }
  }
  return {
    replicas,
    readyReplicas: ready,
    availableReplicas: available,
    currentReplicas: current,
    updatedReplicas: updated,
  };
}

/** The claims of the pod's ordinal that do not exist yet. */
function missingClaims(
  sts: StatefulSet,
  pod: Pod,
  claims: ReadonlyMap<string, PersistentVolumeClaim>,
): PersistentVolumeClaim[] {
  return [...claimsFor(sts, ordinalOf(pod)).values()].filter((c) => !claims.has(c.metadata.name ?? ''));
}

export function planStatefulSet(input: StatefulSetSyncInput): StatefulSetPlan {
  const { sts, pods, currentRevision, updateRevision, claims, ref, now } = input;
  const minReady = sts.spec.minReadySeconds ?? 0;
  const currentName = currentRevision.metadata.name ?? '';
  const updateName = updateRevision.metadata.name ?? '';
  const status: StatefulSetStatus = {
    observedGeneration: sts.metadata.generation,
    replicas: 0,
    currentRevision: currentName,
    updateRevision: updateName,
    collisionCount: input.collisionCount,
  };
  const steps: StatefulSetPlan['steps'] = [];
  const monotonic = !allowsBurst(sts);
  const start = startOrdinal(sts);
  const count = replicasOf(sts);

  // Pods in range by ordinal; the others (valid ordinals only) condemned, highest first.
  const replicas: (Pod | undefined)[] = new Array(count).fill(undefined);
  const condemned: Pod[] = [];
  for (const pod of pods) {
    if (podInOrdinalRange(sts, pod)) replicas[ordinalOf(pod) - start] = pod;
    else if (ordinalOf(pod) >= 0) condemned.push(pod);
  }
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));

  // newVersionedStatefulSetPod: below the partition a new pod is of the current revision.
  const rolling = sts.spec.updateStrategy?.rollingUpdate;
  const isRolling = (sts.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  const currentBelow = (ordinal: number) =>
    (isRolling && !rolling && ordinal < start + (sts.status?.currentReplicas ?? 0)) ||
    (!!rolling && ordinal < start + (rolling.partition ?? 0));
  const currentTemplate = templateOf(currentRevision) ?? sts.spec.template;
  const updateTemplate = templateOf(updateRevision) ?? sts.spec.template;
  const placeholders = new Set<Pod>();
  const slots: Pod[] = replicas.map((pod, i) => {
    if (pod) return pod;
    const ordinal = start + i;
    const made = currentBelow(ordinal)
      ? newStatefulSetPod(sts, currentTemplate, ordinal, currentName, ref)
      : newStatefulSetPod(sts, updateTemplate, ordinal, updateName, ref);
    placeholders.add(made);
    return made;
  });

  let firstUnavailable: Pod | undefined = slots.find((p) => isUnavailable(p, minReady, now));
  if (!firstUnavailable)
    firstUnavailable = [...condemned].reverse().find((p) => isUnavailable(p, minReady, now));

  /** updateStatus over the ordinals and the condemned; `deletedCurrent`: a current pod just deleted. */
  const finish = (waitingFor?: string, deletedCurrent = 0): StatefulSetPlan => {
    Object.assign(status, replicaStatus([...slots, ...condemned], minReady, currentName, updateName, now));
    status.currentReplicas = (status.currentReplicas ?? 0) - deletedCurrent;
    return { steps, monotonic, status: completeRollingUpdate(sts, status), waitingFor };
  };

  // A StatefulSet being deleted only reports (the garbage collector takes the pods).
  if (sts.metadata.deletionTimestamp) return finish('deletion');

  // Every ordinal in range: replace finished pods, create missing ones, heal identity.
  for (const pod of slots) {
    const name = pod.metadata.name ?? '';
    if (isFailed(pod) || isSucceeded(pod)) {
      // Deleted first; its replacement is created once the old pod is gone from the apiserver.
      if (!isTerminating(pod)) steps.push({ kind: 'deletePod', pod, reason: 'finished', phase: 'replicas' });
      if (monotonic) return finish(`${name} to be replaced`);
      continue;
    }
    if (placeholders.has(pod)) {
      steps.push({ kind: 'createPod', pod, claims: missingClaims(sts, pod, claims), phase: 'replicas' });
      if (monotonic) return finish(`${name} to be created`);
      continue;
    }
    const missing = missingClaims(sts, pod, claims);
    if (isPending(pod) && missing.length > 0)
      steps.push({ kind: 'createClaims', pod, claims: missing, phase: 'replicas' });
    if (monotonic) {
      if (isTerminating(pod)) return finish(`${name} to terminate`);
      if (!isRunningAndReady(pod)) return finish(`${name} to be Running and Ready`);
      if (!isRunningAndAvailable(pod, minReady, now)) return finish(`${name} to be available`);
    }
    if (!identityMatches(sts, pod))
      steps.push({
        kind: 'updateIdentity',
        pod,
        labels: identityLabels(pod),
        claims: isPending(pod) ? [] : missing,
        phase: 'replicas',
      });
  }

  // Scale down: the highest ordinals first; OrderedReady one at a time and only when all is well.
  for (const pod of condemned) {
    const name = pod.metadata.name ?? '';
    if (isTerminating(pod)) {
      if (monotonic) return finish(`${name} to terminate before scaling down`);
      continue;
    }
    if (monotonic && pod !== firstUnavailable) {
      if (!isRunningAndReady(pod)) return finish(`${name} to be Running and Ready before scaling down`);
      if (!isRunningAndAvailable(pod, minReady, now))
        return finish(`${name} to be available before scaling down`);
    }
    steps.push({ kind: 'deletePod', pod, reason: 'scale-down', phase: 'condemned' });
    if (monotonic) return finish();
  }

  if (sts.spec.updateStrategy?.type === 'OnDelete') return finish();

  // Rolling update: the highest ordinal not of the update revision, down to the partition.
  const updateMin = rolling?.partition ?? 0;
  for (let target = slots.length - 1; target >= updateMin; target--) {
    const pod = slots[target];
    if (revisionOf(pod) !== updateName && !isTerminating(pod)) {
      steps.push({ kind: 'deletePod', pod, reason: 'update', phase: 'update' });
      return finish(undefined, 1);
    }
    if (isUnavailable(pod, minReady, now)) return finish(`${pod.metadata.name} to be updated`);
  }
  return finish();
}

/** completeRollingUpdate: every pod updated and ready makes the update revision the current one. */
export function completeRollingUpdate(sts: StatefulSet, status: StatefulSetStatus): StatefulSetStatus {
  const rolling = (sts.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  if (rolling && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas) {
    return { ...status, currentReplicas: status.updatedReplicas, currentRevision: status.updateRevision };
  }
  return status;
}

/** Only write the status when something in it changed (inconsistentStatus). */
export function statefulSetStatusChanged(sts: StatefulSet, next: StatefulSetStatus): boolean {
  const { conditions: _conditions, ...current } = sts.status ?? { replicas: 0 };
  const { conditions: _next, ...wanted } = next;
  return canonicalJson(current) !== canonicalJson(wanted);
}
