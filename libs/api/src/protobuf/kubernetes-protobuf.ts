/**
 * Decodes an `application/vnd.kubernetes.protobuf` request body (what kubectl ≥ 1.32's typed
 * clients send for create and update) into the object it would have sent as JSON.
 */
import { ApiError } from '../errors';
import { protoRootMessageFor } from './k8s-proto-schema';
import { decodeProtoMessage } from './proto-decoder';
import { kubernetesProtobufMediaType, readProtobufEnvelope } from './protobuf-envelope';

export interface DecodedKubernetesProtobuf {
  apiVersion: string;
  kind: string;
  /** The object with apiVersion and kind from the envelope, as Go's encoding/json would write it. */
  object: Record<string, unknown>;
}

export function decodeKubernetesProtobuf(body: Buffer): DecodedKubernetesProtobuf {
  const { apiVersion, kind, raw } = readProtobufEnvelope(body);
  const message = protoRootMessageFor(apiVersion, kind);
  if (!message) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format: ${kubernetesProtobufMediaType} is not supported for ${apiVersion}, Kind=${kind}; send it as application/json`,
    );
  }
  try {
    return { apiVersion, kind, object: { apiVersion, kind, ...decodeProtoMessage(raw, message) } };
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw ApiError.badRequest(`the protobuf ${kind} is truncated or malformed: ${(error as Error).message}`);
  }
}
