/**
 * PATCH dispatches on the request's media type, as k8s.io/apiserver handlers/patch.go does.
 * Server-side apply (`application/apply-patch+yaml`) needs field managers and lives elsewhere.
 */
import { ApiError } from '../errors';
import { KubeObject } from '../types';
import { applyJsonMergePatch } from './json-merge-patch';
import { applyJsonPatch } from './json-patch';
import { strategicMergePatch } from './strategic-merge-patch';

export const patchMediaTypes = {
  jsonPatch: 'application/json-patch+json',
  mergePatch: 'application/merge-patch+json',
  strategicMergePatch: 'application/strategic-merge-patch+json',
} as const;

/** `application/merge-patch+json; charset=utf-8` → `application/merge-patch+json`. */
const mediaType = (contentType: string): string => contentType.split(';')[0].trim().toLowerCase();

export function applyPatch(
  contentType: string,
  original: KubeObject,
  patchBody: unknown,
  kind: string,
): KubeObject {
  switch (mediaType(contentType)) {
    case patchMediaTypes.jsonPatch:
      return applyJsonPatch(original, patchBody);
    case patchMediaTypes.mergePatch:
      return applyJsonMergePatch(original, patchBody);
    case patchMediaTypes.strategicMergePatch:
      // Checks the kind before the body: an unknown kind is 415 whatever the body.
      return strategicMergePatch(original, patchBody as object, kind);
    default:
      throw ApiError.unsupportedMediaType(contentType);
  }
}
