/**
 * JSON merge patch (RFC 7386, `application/merge-patch+json`): objects merge recursively, `null`
 * deletes a member, anything else (arrays included) replaces. `kubectl scale` and patches of
 * unknown kinds use it.
 */
import { ApiError } from '../errors';
import { KubeObject } from '../types';
import { asKubeObject, isJsonMap } from './patch-values';

/**
 * RFC 7386 MergePatch(target, patch). Never mutates its inputs; members the patch does not touch
 * are shared with `target`, so callers that will mutate the result pass a copy.
 */
export function jsonMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonMap(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = isJsonMap(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = jsonMergePatch(result[key], value);
  }
  return result;
}

/** Applies a merge patch body to a stored object; a body that is not a JSON object is a 400. */
export function applyJsonMergePatch(original: KubeObject, patch: unknown): KubeObject {
  // evanphx/json-patch's wording, which Kubernetes returns as is.
  if (!isJsonMap(patch)) throw ApiError.badRequest('Invalid JSON Patch');
  return asKubeObject(jsonMergePatch(structuredClone(original), patch));
}
