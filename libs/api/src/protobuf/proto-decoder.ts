/**
 * Decodes a Kubernetes protobuf message into the JSON object kubectl would have sent as JSON for
 * the same Go struct, walking the wire with protobufjs' low-level Reader and our schema table.
 *
 * Go's gogo-protobuf marshaller writes every non-pointer field, even when empty, and pointer fields
 * only when non-nil; encoding/json then drops empty `omitempty` scalars and lists but never structs.
 * So: pointers are kept whenever present, empty non-pointer scalars are dropped unless their tag
 * lacks omitempty, and nested messages are kept (`"strategy": {}`, `"creationTimestamp": null`).
 * Fields we have no schema for are skipped.
 */
import { Reader } from 'protobufjs/minimal';
import { ApiError } from '../errors';
import { k8sProtoMessages } from './k8s-proto-schema';
import { isScalarProtoType, isWrapperProtoType, ProtoField, ProtoMessage } from './proto-field';
import { decodeProtoWrapper, longToNumber } from './proto-wrappers';

type JsonObject = Record<string, unknown>;
type Messages = ReadonlyMap<string, ProtoMessage>;

const varint = 0;
const lengthDelimited = 2;

/** Decodes `bytes` as the message `messageName`; errors name the field path, e.g. `Pod.spec`. */
export function decodeProtoMessage(
  bytes: Uint8Array,
  messageName: string,
  messages: Messages = k8sProtoMessages,
): JsonObject {
  return readMessage(bytes, messageName, messages, messageName);
}

function readMessage(bytes: Uint8Array, name: string, messages: Messages, path: string): JsonObject {
  const schema = messages.get(name);
  if (!schema) throw new Error(`no protobuf schema for message ${name}`);
  const reader = Reader.create(bytes);
  const out: JsonObject = {};
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === 0) throw malformed(path, 'field number 0');
    const field = schema.get(tag >>> 3);
    if (field) readField(reader, tag & 7, field, out, messages, `${path}.${field.name || field.type}`);
    else reader.skipType(tag & 7);
  }
  return out;
}

function readField(
  reader: Reader,
  wire: number,
  field: ProtoField,
  out: JsonObject,
  messages: Messages,
  path: string,
) {
  if (field.map) {
    expectWire(wire, lengthDelimited, path);
    const [key, value] = readMapEntry(reader.bytes(), field, messages, path);
    const map = (out[field.name] as JsonObject | undefined) ?? {};
    // defineProperty, not assignment: a key "__proto__" must stay a plain own key.
    Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
    out[field.name] = map;
    return;
  }
  if (field.repeated) {
    const list = (out[field.name] as unknown[] | undefined) ?? [];
    if (wire === lengthDelimited && wireTypeOf(field.type) === varint) {
      // Packed: one length-delimited run of varints.
      const length = reader.uint32();
      const end = reader.pos + length;
      if (end > reader.len) throw malformed(path, 'packed field runs past the end of the body');
      while (reader.pos < end) list.push(readScalar(reader, field.type));
    } else {
      expectWire(wire, wireTypeOf(field.type), path);
      list.push(readValue(reader, field.type, messages, path));
    }
    if (list.length > 0) out[field.name] = list;
    return;
  }
  expectWire(wire, wireTypeOf(field.type), path);
  const value = readValue(reader, field.type, messages, path);
  if (field.inline) Object.assign(out, value);
  else if (isObject(value) && isObject(out[field.name])) Object.assign(out[field.name] as JsonObject, value);
  else if (keep(field, value)) out[field.name] = value;
  else delete out[field.name];
}

/** A map entry message {key = 1, value = 2}; a missing part is its type's zero value. */
function readMapEntry(
  bytes: Uint8Array,
  field: ProtoField,
  messages: Messages,
  path: string,
): [string, unknown] {
  const reader = Reader.create(bytes);
  let key = '';
  let value: unknown = undefined;
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === lengthDelimited) key = reader.string();
    else if (tag >>> 3 === 2) {
      expectWire(tag & 7, wireTypeOf(field.type), `${path}[value]`);
      value = readValue(reader, field.type, messages, `${path}[${JSON.stringify(key)}]`);
    } else reader.skipType(tag & 7);
  }
  // A missing value is its type's zero value: decode it from a lone 0 byte (an empty length or varint).
  return [key, value ?? readValue(Reader.create(new Uint8Array([0])), field.type, messages, path)];
}

function readValue(reader: Reader, type: string, messages: Messages, path: string): unknown {
  if (isScalarProtoType(type)) return readScalar(reader, type);
  const bytes = reader.bytes();
  if (isWrapperProtoType(type)) return decodeProtoWrapper(bytes, type, path);
  return readMessage(bytes, type, messages, path);
}

function readScalar(reader: Reader, type: string): unknown {
  switch (type) {
    case 'string':
      return reader.string();
    case 'bytes':
      return Buffer.from(reader.bytes()).toString('base64'); // Go's JSON for []byte
    case 'int32':
      return reader.int32();
    case 'int64':
      return longToNumber(reader.int64());
    case 'bool':
      return reader.bool();
    default:
      throw new Error(`not a protobuf scalar: ${type}`);
  }
}

/** Go's JSON: pointers and fields without omitempty always; structs always; else only non-zero. */
function keep(field: ProtoField, value: unknown): boolean {
  if (field.pointer || !field.omitEmpty || !isScalarProtoType(field.type)) return true;
  return value !== '' && value !== 0 && value !== false;
}

function wireTypeOf(type: string): number {
  return type === 'int32' || type === 'int64' || type === 'bool' ? varint : lengthDelimited;
}

function expectWire(actual: number, expected: number, path: string): void {
  if (actual !== expected) throw malformed(path, `wire type ${actual}, expected ${expected}`);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(path: string, what: string): ApiError {
  return ApiError.badRequest(`the protobuf request body is malformed at ${path}: ${what}`);
}
