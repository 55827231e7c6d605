/**
 * JSON patch (RFC 6902, `application/json-patch+json`), applied by `fast-json-patch` to a copy.
 * Status codes follow k8s.io/apiserver handlers/patch.go: a body that is not a list of operations
 * is 400, more than 10,000 operations 413, and an operation that does not apply to the object
 * (a failed `test` included) 422 with the detail as the cause.
 */
import { applyPatch, JsonPatchError, Operation } from 'fast-json-patch';
import { ApiError } from '../errors';
import { KubeObject } from '../types';
import { asKubeObject, isJsonMap, patchDoesNotApply } from './patch-values';

const maxOperations = 10000;

/** The wording of evanphx/json-patch, the library Kubernetes uses, rather than fast-json-patch's. */
function describe(e: InstanceType<typeof JsonPatchError>): string {
  const op = (e.operation ?? {}) as Partial<{ op: string; path: string; from: string }>;
  switch (e.name) {
    case 'TEST_OPERATION_FAILED':
      return `testing value ${op.path} failed: test failed`;
    case 'OPERATION_PATH_UNRESOLVABLE':
    case 'OPERATION_PATH_CANNOT_ADD':
      return `${op.op} operation does not apply: doc is missing path: "${op.path}": missing value`;
    case 'OPERATION_FROM_UNRESOLVABLE':
      return `${op.op} operation does not apply: doc is missing from path: "${op.from}": missing value`;
    case 'OPERATION_OP_INVALID':
      return `Unexpected kind: ${op.op}`;
    case 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX':
    case 'OPERATION_VALUE_OUT_OF_BOUNDS':
      return `${op.op} operation does not apply: "${op.path}": index out of range`;
    default:
      return `${op.op} operation is invalid: ${e.message.split('\n')[0]}`;
  }
}

/** Applies a JSON patch body to a stored object, never mutating it. */
export function applyJsonPatch(original: KubeObject, patch: unknown): KubeObject {
  if (!Array.isArray(patch) || !patch.every(isJsonMap)) {
    throw ApiError.badRequest('a JSON patch must be a list of operation objects');
  }
  if (patch.length > maxOperations) {
    throw ApiError.requestEntityTooLarge(
      `Request entity too large: The allowed maximum operations in a JSON patch is ${maxOperations}, got ${patch.length}`,
    );
  }
  try {
    // validate=true checks each operation against the document; mutate=false works on a clone.
    const { newDocument } = applyPatch(original, patch as unknown as Operation[], true, false);
    return asKubeObject(newDocument);
  } catch (e) {
    if (e instanceof JsonPatchError) throw patchDoesNotApply(describe(e));
    // fast-json-patch refuses __proto__ and constructor paths with a TypeError.
    if (e instanceof TypeError) throw patchDoesNotApply(e.message);
    throw e;
  }
}
