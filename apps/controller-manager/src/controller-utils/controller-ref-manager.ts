/**
 * Claiming (controller.ControllerRefManager.ClaimPods / ClaimReplicaSets), as a pure decision:
 * of the candidates in the owner's namespace, which it already owns and keeps, which orphans it
 * should adopt (they match its selector and nobody controls them) and which it should release
 * (it controls them but they no longer match). Objects controlled by someone else are ignored.
 * `claim` carries the decision out through the controller's patch of ownerReferences.
 */
import { LabelSelector, labelSelectorMatches, ObjectMeta, OwnerReference } from '@orchestra/api';
import { isNotFound } from './api-errors';
import { getControllerOf, newControllerRef, OwnerKind } from './controller-ref';

interface Owned {
  metadata: ObjectMeta;
}

export interface ClaimDecision<T extends Owned> {
  /** Owned and matching: what the controller works with (adopted ones are added after adoption). */
  owned: T[];
  adopt: T[];
  release: T[];
}

export function claimObjects<T extends Owned>(
  owner: { metadata: ObjectMeta },
  selector: LabelSelector,
  candidates: readonly T[],
): ClaimDecision<T> {
  const decision: ClaimDecision<T> = { owned: [], adopt: [], release: [] };
  const ownerDeleting = Boolean(owner.metadata.deletionTimestamp);
  for (const obj of candidates) {
    const matches = labelSelectorMatches(selector, obj.metadata.labels);
    const ref = getControllerOf(obj);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (matches) decision.owned.push(obj);
      else if (!ownerDeleting) decision.release.push(obj);
      continue;
    }
    // An orphan: adopt it unless it is going away, or we are.
    if (matches && !ownerDeleting && !obj.metadata.deletionTimestamp) decision.adopt.push(obj);
  }
  return decision;
}

/** The ownerReferences after adopting: ours appended (controller, blockOwnerDeletion). */
export function withOwnerReference(obj: Owned, ref: OwnerReference): OwnerReference[] {
  return [...(obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== ref.uid), ref];
}

/** The ownerReferences after releasing: ours removed. */
export function withoutOwnerReference(obj: Owned, ownerUid: string): OwnerReference[] {
  return (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
}

/** A port's ownerReferences patch (patchPodOwnerReferences, patchReplicaSetOwnerReferences). */
export type PatchOwnerReferences<T> = (
  namespace: string,
  name: string,
  uid: string,
  ownerReferences: OwnerReference[],
) => Promise<T>;

/**
 * Adopt the matching orphans and release the owned objects that stopped matching, one patch at a
 * time; an object deleted meanwhile is skipped. Resolves with the owned objects, the adopted ones
 * as the apiserver returned them.
 */
export async function claim<T extends Owned>(
  owner: { metadata: ObjectMeta; spec: { selector: LabelSelector } },
  kind: OwnerKind,
  candidates: readonly T[],
  patchOwnerReferences: PatchOwnerReferences<T>,
): Promise<T[]> {
  const decision = claimObjects(owner, owner.spec.selector, candidates);
  const ns = owner.metadata.namespace ?? '';
  const ref = newControllerRef(owner, kind);
  const ignoreGone = (e: unknown) => {
    if (!isNotFound(e)) throw e;
  };
  const patch = (obj: T, refs: OwnerReference[]) =>
    patchOwnerReferences(ns, obj.metadata.name ?? '', obj.metadata.uid ?? '', refs);
  for (const obj of decision.adopt) {
    await patch(obj, withOwnerReference(obj, ref)).then(
      (adopted) => decision.owned.push(adopted),
      ignoreGone,
    );
  }
  for (const obj of decision.release) {
    await patch(obj, withoutOwnerReference(obj, owner.metadata.uid ?? '')).catch(ignoreGone);
  }
  return decision.owned;
}
