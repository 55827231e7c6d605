/**
 * The order of a merged list after a strategic merge patch (Kubernetes' "preserve order in
 * strategic merge patch" design; strategicpatch normalizeElementOrder / mergeSortedSlice).
 * Items named by the patch (or its `$setElementOrder` list) take the patch's order; the others
 * keep their order in the live object; the two runs are interleaved by live-object position, and
 * an item the live object did not have goes before the server-only items that follow it.
 */

type Identity = (item: unknown) => unknown;

const indexOf = (list: readonly unknown[], item: unknown, id: Identity): number => {
  const wanted = id(item);
  return list.findIndex((x) => id(x) === wanted);
};

/** Stable sort by position in `order`; items absent from it keep their relative place at the end. */
function sortByPosition(items: unknown[], order: readonly unknown[], id: Identity): unknown[] {
  const rank = (item: unknown): number => {
    const i = indexOf(order, item, id);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return items
    .map((item, i) => ({ item, i, r: rank(item) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.item);
}

/**
 * Orders `merged`: `patchOrder` is the `$setElementOrder` list or else the patch list itself,
 * `liveOrder` the list as stored. `id` gives an item's merge key (or the item, for primitives).
 */
export function orderMergedList(
  merged: readonly unknown[],
  patchOrder: readonly unknown[],
  liveOrder: readonly unknown[],
  id: Identity,
): unknown[] {
  const inPatch = (item: unknown) => indexOf(patchOrder, item, id) >= 0;
  const patchItems = sortByPosition(merged.filter(inPatch), patchOrder, id);
  const serverOnly = sortByPosition(
    merged.filter((x) => !inPatch(x)),
    liveOrder,
    id,
  );
  const result: unknown[] = [];
  let s = 0;
  let p = 0;
  while (s < serverOnly.length || p < patchItems.length) {
    if (s >= serverOnly.length) result.push(patchItems[p++]);
    else if (p >= patchItems.length) result.push(serverOnly[s++]);
    else {
      // A server-only item goes first only when both were in the live list and it came first there.
      const si = indexOf(liveOrder, serverOnly[s], id);
      const pi = indexOf(liveOrder, patchItems[p], id);
      if (si >= 0 && pi >= 0 && si < pi) result.push(serverOnly[s++]);
      else result.push(patchItems[p++]);
    }
  }
  return result;
}
