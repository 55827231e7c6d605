/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), what `kubectl apply`, `edit`
 * and `cordon` send (k8s.io/apimachinery pkg/util/strategicpatch). Like a JSON merge patch, but
 * lists that Kubernetes' types tag as mergeable (patch-merge-keys.ts) merge element by element,
 * and the patch may carry directives:
 *   `$patch: replace|delete` on a map or a list element, `$retainKeys`,
 *   `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`.
 * Directives never reach the result, and neither do `null`s: null deletes.
 */
import { ApiError } from '../errors';
import { KubeObject } from '../types';
import { listMergeRule, supportsStrategicMerge } from './patch-merge-keys';
import { asKubeObject, isJsonMap, JsonMap, patchDoesNotApply } from './patch-values';
import { orderMergedList } from './strategic-merge-order';

const patchDirective = '$patch';
const retainKeysDirective = '$retainKeys';
const setElementOrderPrefix = '$setElementOrder/';
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList/';

const isDirective = (key: string): boolean =>
  key === patchDirective ||
  key === retainKeysDirective ||
  key.startsWith(setElementOrderPrefix) ||
  key.startsWith(deleteFromPrimitiveListPrefix);

const isPrimitive = (v: unknown): boolean => v === null || typeof v !== 'object';

const child = (path: string, key: string): string => (path ? `${path}.${key}` : key);

// Kubernetes answers most malformed patches with 400 and its mergepatch error texts.
const badPatch = (message: string): ApiError => ApiError.badRequest(message);

/** Applies `patch` to `original` (left untouched). Returns undefined when `$patch: delete` removes the map. */
function mergeMap(
  original: JsonMap | undefined,
  patch: JsonMap,
  path: string,
  kind: string,
): JsonMap | undefined {
  const directive = patch[patchDirective];
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    // The patch is the new map; merging it into nothing drops its directives and nulls.
    const rest = Object.fromEntries(Object.entries(patch).filter(([k]) => k !== patchDirective));
    return mergeMap(undefined, rest, path, kind);
  }
  if (directive !== undefined)
    throw badPatch(`unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);

  const result: JsonMap = original ? { ...original } : {};
  if (retainKeysDirective in patch) retainKeys(result, patch);

  const listsInOrder = new Set<string>();
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(setElementOrderPrefix)) continue;
    if (!Array.isArray(order)) throw badPatch('invalid patch format of setElementOrder list');
    const field = key.slice(setElementOrderPrefix.length);
    listsInOrder.add(field);
    const list = patch[field];
    if (list === null) delete result[field];
    else if (list !== undefined && !Array.isArray(list))
      throw badPatch(`${child(path, field)} must be a list`);
    else if (list !== undefined || result[field] !== undefined) {
      result[field] = mergeList(result[field], list, child(path, field), kind, order);
    }
  }

  for (const [key, value] of Object.entries(patch)) {
    if (isDirective(key) || listsInOrder.has(key)) continue;
    const path2 = child(path, key);
    if (value === null) {
      delete result[key];
    } else if (isJsonMap(value)) {
      const current = result[key];
      const merged = mergeMap(isJsonMap(current) ? current : undefined, value, path2, kind);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else if (Array.isArray(value)) {
      result[key] = mergeList(result[key], value, path2, kind);
    } else {
      result[key] = value;
    }
  }

  for (const [key, toDelete] of Object.entries(patch)) {
    if (!key.startsWith(deleteFromPrimitiveListPrefix)) continue;
    if (!Array.isArray(toDelete)) throw badPatch('invalid patch format of primitive list');
    const field = key.slice(deleteFromPrimitiveListPrefix.length);
    const current = result[field];
    if (Array.isArray(current)) result[field] = current.filter((v) => !toDelete.includes(v));
  }
  return result;
}

/** `$retainKeys`: keys of the original not listed are dropped; the patch may only set listed keys. */
function retainKeys(result: JsonMap, patch: JsonMap): void {
  const keep = patch[retainKeysDirective];
  if (!Array.isArray(keep)) throw badPatch('invalid patch format of retainKeys');
  for (const [key, value] of Object.entries(patch)) {
    if (value !== null && !isDirective(key) && !keep.includes(key)) {
      throw badPatch('invalid patch format of retainKeys');
    }
  }
  for (const key of Object.keys(result)) if (!keep.includes(key)) delete result[key];
}

function requireMap(item: unknown, path: string): JsonMap {
  if (!isJsonMap(item)) throw badPatch(`${path}: value ${JSON.stringify(item)} is not a map`);
  return item;
}

/** A patch list for a list that is not merged replaces it, minus directives and nulls. */
function replaceList(patch: unknown[], path: string, kind: string): unknown[] {
  return patch
    .map((v) => (isJsonMap(v) ? mergeMap(undefined, v, `${path}[]`, kind) : structuredClone(v)))
    .filter((v) => v !== undefined);
}

/**
 * Merges a patch list into the live list at `path`. `patch` is undefined when the patch only
 * reorders the list with `$setElementOrder`; `order` is that directive's list.
 */
function mergeList(
  original: unknown,
  patchList: unknown[] | undefined,
  path: string,
  kind: string,
  order?: unknown[],
): unknown[] {
  const rule = listMergeRule(kind, path);
  const live = Array.isArray(original) ? original : [];
  if (!rule) return patchList ? replaceList(patchList, path, kind) : live;
  const patch = patchList ?? [];
  if (patch.some(Array.isArray)) throw patchDoesNotApply('lists of lists are not supported');

  if (rule.mergeKey === undefined) {
    if (!patch.every(isPrimitive)) throw badPatch(`${path} is a list of primitives`);
    const merged = [...new Set([...live, ...patch])];
    return orderMergedList(merged, order ?? patch, live, (x) => x);
  }

  const key = rule.mergeKey;
  const keyOf = (item: unknown): unknown => (isJsonMap(item) ? item[key] : undefined);
  const requireKey = (item: unknown): JsonMap => {
    const map = requireMap(item, path);
    if (!(key in map))
      throw badPatch(`map: ${JSON.stringify(map)} does not contain declared merge key: ${key}`);
    return map;
  };

  let merged = [...live];
  const plain: JsonMap[] = [];
  let replace = false;
  for (const item of patch.map((x) => requireMap(x, path))) {
    const directive = item[patchDirective];
    if (directive === undefined) plain.push(requireKey(item));
    else if (directive === 'delete') merged = merged.filter((x) => keyOf(x) !== keyOf(requireKey(item)));
    else if (directive === 'replace') replace = true;
    else if (directive === 'merge') throw badPatch('merging lists cannot yet be specified in the patch');
    else throw badPatch(`unknown patch type: ${String(directive)} in map: ${JSON.stringify(item)}`);
  }
  if (replace) {
    // `{"$patch": "replace"}` among the elements: the other elements are the whole new list.
    const replaced = replaceList(plain, path, kind);
    return orderMergedList(replaced, order ?? [], replaced, keyOf);
  }
  for (const item of plain) {
    const at = merged.findIndex((x) => keyOf(x) === item[key]);
    const base = at >= 0 && isJsonMap(merged[at]) ? (merged[at] as JsonMap) : undefined;
    const element = mergeMap(base, item, `${path}[]`, kind) ?? {};
    if (at >= 0) merged[at] = element;
    else merged.push(element);
  }
  if (order) checkElementOrder(plain, order.map(requireKey), keyOf);
  return orderMergedList(merged, order ?? plain, live, keyOf);
}

/** Every element the patch sets must appear in `$setElementOrder`, in the same relative order. */
function checkElementOrder(plain: JsonMap[], order: JsonMap[], keyOf: (item: unknown) => unknown): void {
  let o = 0;
  for (const item of plain) {
    while (o < order.length && keyOf(order[o]) !== keyOf(item)) o++;
    if (o >= order.length)
      throw badPatch(`the order in the patch list doesn't match ${setElementOrderPrefix} list`);
    o++;
  }
}

/**
 * Applies a strategic merge patch to a stored object of `kind`, never mutating either. Kinds
 * without Go types in Kubernetes (custom resources) cannot be patched this way: 415.
 */
export function strategicMergePatch(original: KubeObject, patch: object, kind: string): KubeObject {
  if (!supportsStrategicMerge(kind)) {
    throw new ApiError(415, 'UnsupportedMediaType', `strategic merge patch is not supported for ${kind}`);
  }
  if (!isJsonMap(patch)) throw badPatch('invalid JSON document');
  const result = mergeMap(structuredClone(original) as JsonMap, patch, '', kind);
  if (result === undefined) throw patchDoesNotApply('$patch: delete cannot delete the whole object');
  return asKubeObject(result);
}
