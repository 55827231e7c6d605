/**
 * Claiming (controller.ControllerRefManager.ClaimPods / ClaimReplicaSets), as a pure decision:
 * of the candidates in the owner's namespace, which it already owns and keeps, which orphans it
 * should adopt (they match its selector and nobody controls them) and which it should release
 * (it controls them but they no longer match). Objects controlled by someone else are ignored.
 */
import { LabelSelector, labelSelectorMatches, ObjectMeta, OwnerReference } from '@orchestra/api';
import { getControllerOf } from './controller-ref';

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
