/**
 * What the garbage collector does with one object, decided from the object and the state of its
 * owners (Kubernetes' pkg/controller/garbagecollector: attemptToDeleteItem, orphanDependents,
 * processDeletingDependentsItem). Pure: the reconciler gathers the facts and carries it out.
 */
import { KubeObject, OwnerReference } from '@orchestra/api';

export const foregroundDeletion = 'foregroundDeletion';
export const orphanFinalizer = 'orphan';

/** How an owner looks from its dependent: absent (or another object by that name), alive, or being deleted. */
export type OwnerState = { ref: OwnerReference; state: 'absent' | 'present' | 'deleting-foreground' };

export type GcAction =
  | { kind: 'none' }
  /** Orphan propagation: strip our ownerReference from the dependents, then drop the finalizer. */
  | { kind: 'orphan-dependents'; dependents: KubeObject[] }
  /** Foreground propagation: delete the blocking dependents first; drop the finalizer when none remain. */
  | { kind: 'delete-dependents-foreground'; dependents: KubeObject[] }
  | { kind: 'remove-finalizer'; finalizer: string }
  /** Every owner is gone: the dependent goes too, in the background or in the foreground. */
  | { kind: 'delete'; propagationPolicy: 'Background' | 'Foreground' };

export function decideGc(object: KubeObject, owners: OwnerState[], dependents: KubeObject[]): GcAction {
  const finalizers = object.metadata.finalizers ?? [];
  if (object.metadata.deletionTimestamp) {
    if (finalizers.includes(orphanFinalizer)) {
      const stillOwned = dependents.filter((d) => ownedBy(d, object));
      return stillOwned.length
        ? { kind: 'orphan-dependents', dependents: stillOwned }
        : { kind: 'remove-finalizer', finalizer: orphanFinalizer };
    }
    if (finalizers.includes(foregroundDeletion)) {
      const blocking = dependents.filter((d) => blocksOwnerDeletion(d, object));
      if (blocking.length === 0) return { kind: 'remove-finalizer', finalizer: foregroundDeletion };
      const notYetDeleting = blocking.filter((d) => !d.metadata.deletionTimestamp);
      return notYetDeleting.length
        ? { kind: 'delete-dependents-foreground', dependents: notYetDeleting }
        : { kind: 'none' };
    }
    return { kind: 'none' };
  }
  if (owners.length === 0) return { kind: 'none' };
  // One live owner keeps a dependent (an owner orphaning its dependents counts as live until it has).
  if (owners.some((o) => o.state === 'present')) return { kind: 'none' };
  // Every owner is gone or waiting for its dependents: this one goes, in the foreground if one waits.
  const foreground = owners.some((o) => o.state === 'deleting-foreground');
  return { kind: 'delete', propagationPolicy: foreground ? 'Foreground' : 'Background' };
}

export function ownedBy(dependent: KubeObject, owner: KubeObject): boolean {
  return (dependent.metadata.ownerReferences ?? []).some((ref) => ref.uid === owner.metadata.uid);
}

function blocksOwnerDeletion(dependent: KubeObject, owner: KubeObject): boolean {
  return (dependent.metadata.ownerReferences ?? []).some(
    (ref) => ref.uid === owner.metadata.uid && ref.blockOwnerDeletion,
  );
}
