/**
 * The PersistentVolumeClaim retention policy (spec.persistentVolumeClaimRetentionPolicy, GA in
 * Kubernetes 1.32; pkg/controller/statefulset/stateful_set_utils.go isClaimOwnerUpToDate,
 * updateClaimOwnerRefForSetAndPod). The controller deletes no claim itself: it gives each claim
 * the owner the policy wants, and the garbage collector deletes the claim with its owner.
 *
 *   whenScaled Retain, whenDeleted Retain: no owner of ours
 *   whenScaled Retain, whenDeleted Delete: the set as controller
 *   whenScaled Delete, whenDeleted Retain: the pod as controller, once its ordinal is condemned
 *   whenScaled Delete, whenDeleted Delete: the pod when condemned, the set otherwise
 *
 * A claim that another controller manages, or that refers to an earlier set or pod of the same
 * name (a stale uid), is left alone, as Kubernetes does.
 */
import { OwnerReference, PersistentVolumeClaim, Pod, StatefulSet } from '@orchestra/api';
import { newControllerRef, OwnerKind, statefulSetKind } from '../controller-utils/controller-ref';
import { claimName, ordinalOf, podInOrdinalRange } from './statefulset-identity';

export const podKind: OwnerKind = { apiVersion: 'v1', kind: 'Pod' };

type Policy = 'Retain' | 'Delete';

/** getPersistentVolumeClaimRetentionPolicy: Retain/Retain when the set says nothing. */
export function retentionPolicyOf(sts: StatefulSet): { whenDeleted: Policy; whenScaled: Policy } {
  const policy = sts.spec.persistentVolumeClaimRetentionPolicy;
  return {
    whenDeleted: policy?.whenDeleted === 'Delete' ? 'Delete' : 'Retain',
    whenScaled: policy?.whenScaled === 'Delete' ? 'Delete' : 'Retain',
  };
}

interface Owner {
  metadata: { name?: string; uid?: string };
}

/** matchesRef: the reference names this kind and name (whatever the uid). */
const matchesRef = (ref: OwnerReference, owner: Owner, kind: OwnerKind): boolean =>
  ref.apiVersion === kind.apiVersion && ref.kind === kind.kind && ref.name === owner.metadata.name;

const refs = (claim: PersistentVolumeClaim): OwnerReference[] => claim.metadata.ownerReferences ?? [];

const hasOwnerRef = (claim: PersistentVolumeClaim, owner: Owner): boolean =>
  refs(claim).some((r) => r.uid === owner.metadata.uid);

/** hasStaleOwnerRef: the first reference to this kind and name carries another uid. */
function hasStaleOwnerRef(claim: PersistentVolumeClaim, owner: Owner, kind: OwnerKind): boolean {
  const ref = refs(claim).find((r) => matchesRef(r, owner, kind));
  return ref !== undefined && ref.uid !== owner.metadata.uid;
}

const retainsAll = (sts: StatefulSet): boolean => {
  const policy = retentionPolicyOf(sts);
  return policy.whenDeleted === 'Retain' && policy.whenScaled === 'Retain';
};

/**
 * hasUnexpectedController: under a Delete policy, a controller other than the set and the pod (or
 * a reference to a set or pod of the same name with another uid) manages the claim.
 */
export function hasUnexpectedController(claim: PersistentVolumeClaim, sts: StatefulSet, pod: Pod): boolean {
  if (retainsAll(sts)) return false;
  return refs(claim).some((ref) => {
    if (matchesRef(ref, sts, statefulSetKind)) return ref.uid !== sts.metadata.uid;
    if (matchesRef(ref, pod, podKind)) return ref.uid !== pod.metadata.uid;
    return ref.controller === true;
  });
}

/** hasNonControllerOwner: the set or the pod owns the claim without being its controller. */
const hasNonControllerOwner = (claim: PersistentVolumeClaim, sts: StatefulSet, pod: Pod): boolean =>
  refs(claim).some(
    (ref) => (ref.uid === sts.metadata.uid || ref.uid === pod.metadata.uid) && ref.controller !== true,
  );

/** Which of the set and the pod the policy wants as the claim's owner (at most one: a controller). */
function wantedOwner(sts: StatefulSet, pod: Pod): 'set' | 'pod' | undefined {
  const policy = retentionPolicyOf(sts);
  const condemned = !podInOrdinalRange(sts, pod);
  if (policy.whenScaled === 'Delete' && condemned) return 'pod';
  if (policy.whenDeleted === 'Delete' && !(policy.whenScaled === 'Delete' && condemned)) return 'set';
  return undefined;
}

/** isClaimOwnerUpToDate: the claim's references are what the policy wants (or are not ours to fix). */
export function isClaimOwnerUpToDate(claim: PersistentVolumeClaim, sts: StatefulSet, pod: Pod): boolean {
  // A previous set or pod of the same name still owns it: leave it to the garbage collector.
  if (hasStaleOwnerRef(claim, sts, statefulSetKind) || hasStaleOwnerRef(claim, pod, podKind)) return true;
  // Another controller: ours must go, and none is added on top of it.
  if (hasUnexpectedController(claim, sts, pod)) return !hasOwnerRef(claim, sts) && !hasOwnerRef(claim, pod);
  if (hasNonControllerOwner(claim, sts, pod)) return false;
  const wanted = wantedOwner(sts, pod);
  return hasOwnerRef(claim, sts) === (wanted === 'set') && hasOwnerRef(claim, pod) === (wanted === 'pod');
}

/**
 * updateClaimOwnerRefForSetAndPod: the claim's ownerReferences with ours scrubbed and the one the
 * policy wants added as controller (blockOwnerDeletion, as metav1.NewControllerRef); others kept.
 */
export function claimOwnerReferences(
  claim: PersistentVolumeClaim,
  sts: StatefulSet,
  pod: Pod,
): OwnerReference[] {
  const unexpectedController = hasUnexpectedController(claim, sts, pod);
  const kept = refs(claim).filter(
    (ref) => !matchesRef(ref, sts, statefulSetKind) && !matchesRef(ref, pod, podKind),
  );
  if (unexpectedController) return kept;
  const wanted = wantedOwner(sts, pod);
  if (wanted === 'set') return [...kept, newControllerRef(sts, statefulSetKind)];
  if (wanted === 'pod') return [...kept, newControllerRef(pod, podKind)];
  return kept;
}

export interface ClaimOwnerUpdate {
  claim: PersistentVolumeClaim;
  /** The pod whose ordinal the claim is storage for. */
  pod: Pod;
  ownerReferences: OwnerReference[];
}

/**
 * ClaimsMatchRetentionPolicy and UpdatePodClaimForRetentionPolicy, for every pod of the set (in
 * range and condemned): the claims, among those that exist, whose ownerReferences must change.
 */
export function claimOwnerUpdates(
  sts: StatefulSet,
  pods: readonly Pod[],
  claims: ReadonlyMap<string, PersistentVolumeClaim>,
): ClaimOwnerUpdate[] {
  const updates: ClaimOwnerUpdate[] = [];
  for (const pod of pods) {
    for (const template of sts.spec.volumeClaimTemplates ?? []) {
      const claim = claims.get(claimName(sts, template.metadata.name ?? '', ordinalOf(pod)));
      // A missing claim is picked up on a later round, once it is created and cached.
      if (!claim || claim.metadata.deletionTimestamp || isClaimOwnerUpToDate(claim, sts, pod)) continue;
      updates.push({ claim, pod, ownerReferences: claimOwnerReferences(claim, sts, pod) });
    }
  }
  return updates;
}
