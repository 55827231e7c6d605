/**
 * The envelope of every Kubernetes protobuf body (k8s.io/apimachinery/pkg/runtime/serializer/
 * protobuf): the 4-byte magic "k8s\0", then a runtime.Unknown message
 * { TypeMeta typeMeta = 1 {apiVersion = 1, kind = 2}; bytes raw = 2; contentEncoding = 3; contentType = 4 }
 * whose `raw` is the object's own message.
 */
import { Reader } from 'protobufjs/minimal';
import { ApiError } from '../errors';

export const kubernetesProtobufMediaType = 'application/vnd.kubernetes.protobuf';

const magic = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

export interface ProtobufEnvelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

/** Reads the envelope; a body that is not one is a 400, with what was wrong. */
export function readProtobufEnvelope(body: Uint8Array): ProtobufEnvelope {
  if (body.length === 0) throw ApiError.badRequest('the request body is empty');
  if (body.length < magic.length || !magic.equals(body.subarray(0, magic.length))) {
    throw ApiError.badRequest(
      `the request body is not Kubernetes protobuf: it must start with the 4 bytes "k8s\\0" (${kubernetesProtobufMediaType})`,
    );
  }
  const envelope: ProtobufEnvelope = {
    apiVersion: '',
    kind: '',
    raw: new Uint8Array(),
    contentEncoding: '',
    contentType: '',
  };
  try {
    const reader = Reader.create(body.subarray(magic.length));
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      const wire = tag & 7;
      if (wire !== 2) reader.skipType(wire);
      else if (tag >>> 3 === 1) readTypeMeta(reader.bytes(), envelope);
      else if (tag >>> 3 === 2) envelope.raw = reader.bytes();
      else if (tag >>> 3 === 3) envelope.contentEncoding = reader.string();
      else if (tag >>> 3 === 4) envelope.contentType = reader.string();
      else reader.skipType(wire);
    }
  } catch (error) {
    throw ApiError.badRequest(
      `the protobuf request body is truncated or malformed: ${(error as Error).message}`,
    );
  }
  if (!envelope.kind || !envelope.apiVersion) {
    throw ApiError.badRequest('the protobuf request body does not name its apiVersion and kind');
  }
  // Clients put the object's own message in raw; nothing sends it compressed or in another format.
  if (
    envelope.contentEncoding ||
    (envelope.contentType && envelope.contentType !== kubernetesProtobufMediaType)
  ) {
    throw ApiError.badRequest(
      `the protobuf request body wraps content of type "${envelope.contentType}" encoded "${envelope.contentEncoding}", which is not supported`,
    );
  }
  return envelope;
}

function readTypeMeta(bytes: Uint8Array, envelope: ProtobufEnvelope): void {
  const reader = Reader.create(bytes);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if ((tag & 7) === 2 && tag >>> 3 === 1) envelope.apiVersion = reader.string();
    else if ((tag & 7) === 2 && tag >>> 3 === 2) envelope.kind = reader.string();
    else reader.skipType(tag & 7);
  }
}
