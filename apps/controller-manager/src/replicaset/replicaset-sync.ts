/**
 * The ReplicaSet controller's decisions (pkg/controller/replicaset/replica_set.go manageReplicas,
 * replica_set_utils.go calculateStatus), as pure functions of the ReplicaSet and its pods.
 */
import { Condition, OwnerReference, Pod, ReplicaSet, ReplicaSetStatus } from '@orchestra/api';
import { rfc3339 } from '../controller-utils/clock';
import { podNamePrefix } from '../controller-utils/name-generator';
import { isPodAvailable, isPodReady } from '../controller-utils/pod-readiness';
import { podsInDeletionOrder } from '../controller-utils/active-pods-with-ranks';
import { canonicalJson } from '../controller-utils/pod-template-hash';

/** At most this many pods are created or deleted in one reconcile (--replicaset burst). */
export const burstReplicas = 500;

export type ReplicaDecision =
  { action: 'none' } | { action: 'create'; count: number } | { action: 'delete'; pods: Pod[] };

/**
 * Compare the active pods the ReplicaSet owns with spec.replicas: create the missing ones, or pick
 * the surplus to delete in ActivePodsWithRanks order (`relatedPods`: the pods of every ReplicaSet
 * of the same Deployment, to spread deletions away from crowded nodes).
 */
export function manageReplicasDecision(
  rs: ReplicaSet,
  activePods: readonly Pod[],
  relatedPods: readonly Pod[],
  now: number,
): ReplicaDecision {
  const diff = activePods.length - (rs.spec.replicas ?? 1);
  if (diff < 0) return { action: 'create', count: Math.min(-diff, burstReplicas) };
  if (diff > 0) {
    const count = Math.min(diff, burstReplicas);
    const ordered =
      count < activePods.length ? podsInDeletionOrder(activePods, relatedPods, now) : [...activePods];
    return { action: 'delete', pods: ordered.slice(0, count) };
  }
  return { action: 'none' };
}

/**
 * The pod the ReplicaSet creates (controller.GetPodFromTemplate): the template's labels,
 * annotations, finalizers and spec, controlled by the ReplicaSet, named by `generateName: <rs>-`
 * unless an explicit name is given.
 */
export function podFromTemplate(rs: ReplicaSet, controllerRef: OwnerReference, name?: string): Pod {
  const template = rs.spec.template;
  if (!template) throw new Error(`ReplicaSet ${rs.metadata.name} has no pod template`);
  const meta = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(name ? { name } : { generateName: podNamePrefix(rs.metadata.name ?? '') }),
      namespace: rs.metadata.namespace,
      labels: { ...meta.labels },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers?.length ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [controllerRef],
    },
    spec: structuredClone(template.spec),
  };
}

export const replicaFailureCondition = 'ReplicaFailure';

/**
 * The status the ReplicaSet should have: counts over its active pods (fully labeled: carrying
 * every template label; ready; available: ready for minReadySeconds), and a ReplicaFailure
 * condition while creating or deleting pods fails.
 */
export function calculateReplicaSetStatus(
  rs: ReplicaSet,
  activePods: readonly Pod[],
  manageError: unknown,
  now: number,
): ReplicaSetStatus {
  const templateLabels = Object.entries(rs.spec.template?.metadata?.labels ?? {});
  const fullyLabeled = activePods.filter((p) =>
    templateLabels.every(([k, v]) => p.metadata.labels?.[k] === v),
  );
  const ready = activePods.filter(isPodReady);
  const available = ready.filter((p) => isPodAvailable(p, rs.spec.minReadySeconds, now));
  let conditions = rs.status?.conditions ?? [];
  const failure = conditions.find((c) => c.type === replicaFailureCondition);
  if (manageError !== undefined && !failure) {
    const diff = activePods.length - (rs.spec.replicas ?? 1);
    const condition: Condition = {
      type: replicaFailureCondition,
      status: 'True',
      lastTransitionTime: rfc3339(now),
      reason: diff < 0 ? 'FailedCreate' : 'FailedDelete',
      message: manageError instanceof Error ? manageError.message : String(manageError),
    };
    conditions = [...conditions, condition];
  } else if (manageError === undefined && failure) {
    conditions = conditions.filter((c) => c !== failure);
  }
  return {
    replicas: activePods.length,
    fullyLabeledReplicas: fullyLabeled.length,
    readyReplicas: ready.length,
    availableReplicas: available.length,
    observedGeneration: rs.metadata.generation,
    ...(conditions.length ? { conditions } : {}),
  };
}

/** Only write status when something in it changed (updateReplicaSetStatus). */
export function replicaSetStatusChanged(rs: ReplicaSet, next: ReplicaSetStatus): boolean {
  const current = rs.status ?? { replicas: 0 };
  return (
    canonicalJson({ ...current, conditions: current.conditions ?? [] }) !==
    canonicalJson({ ...next, conditions: next.conditions ?? [] })
  );
}

/**
 * When every pod is ready but not all are available yet, look again once minReadySeconds has
 * passed: no pod event will say that time went by.
 */
export function minReadyRequeueMs(rs: ReplicaSet, status: ReplicaSetStatus): number | undefined {
  const min = rs.spec.minReadySeconds ?? 0;
  const replicas = rs.spec.replicas ?? 1;
  if (min > 0 && status.readyReplicas === replicas && status.availableReplicas !== replicas)
    return min * 1000;
  return undefined;
}
