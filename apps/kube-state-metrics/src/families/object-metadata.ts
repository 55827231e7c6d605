/** What several resources' families read the same way: timestamps and owner references. */
import type { ObjectMeta, OwnerReference } from '@orchestra/api';
import type { Emit } from '../exposition/metric-family';

/** An RFC 3339 time as whole Unix seconds (Go's Time.Unix()), or undefined when unset or invalid. */
export function unixSeconds(time: string | null | undefined): number | undefined {
  if (!time) return undefined;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** `*_created`: the creation timestamp, when there is one. */
export function emitCreated(emit: Emit, metadata: ObjectMeta): void {
  const created = unixSeconds(metadata.creationTimestamp);
  if (created !== undefined) emit(created);
}

/** `*_owner`: one sample per owner reference, or one `<none>` sample for an object without owners. */
export function emitOwners(emit: Emit, owners: OwnerReference[] | undefined): void {
  if (!owners?.length) {
    emit(1, { owner_kind: '<none>', owner_name: '<none>', owner_is_controller: '<none>' });
    return;
  }
  for (const owner of owners)
    emit(1, {
      owner_kind: owner.kind,
      owner_name: owner.name,
      owner_is_controller: String(!!owner.controller),
    });
}

/** The controlling owner (metav1.GetControllerOf). */
export function controllerOf(metadata: ObjectMeta): OwnerReference | undefined {
  return metadata.ownerReferences?.find((owner) => owner.controller);
}

export const boolValue = (value: boolean | undefined): number => (value ? 1 : 0);
