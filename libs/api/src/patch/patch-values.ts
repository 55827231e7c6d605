/** Small helpers on JSON values shared by the patch formats. */
import { ApiError } from '../errors';
import { KubeObject } from '../types';

export type JsonMap = Record<string, unknown>;

export const isJsonMap = (v: unknown): v is JsonMap =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** apierrors.NewGenericServerResponse(422, ...): a fixed message, the reason as the cause. */
export function patchDoesNotApply(detail: string): ApiError {
  return new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {
    causes: [{ reason: 'UnexpectedServerResponse', message: detail }],
  });
}

/** A patched document must still be an object with metadata, or the store cannot hold it. */
export function asKubeObject(result: unknown): KubeObject {
  if (!isJsonMap(result) || !isJsonMap(result.metadata)) {
    throw patchDoesNotApply('the patched document must be an object with metadata');
  }
  return result as KubeObject;
}
