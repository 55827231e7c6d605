/**
 * apimachinery's wrapper messages and the JSON each marshals to in Go: resource.Quantity → its
 * string, metav1.Time → RFC 3339 in seconds (null when zero), metav1.MicroTime → RFC 3339 with
 * microseconds, intstr.IntOrString → a number or a string.
 */
import { Long, Reader } from 'protobufjs/minimal';
import { ApiError } from '../errors';
import { WrapperProtoType } from './proto-field';

const varint = 0;
const lengthDelimited = 2;

export function decodeProtoWrapper(
  bytes: Uint8Array,
  type: WrapperProtoType,
  path: string,
): string | number | null {
  switch (type) {
    case 'Quantity':
      return decodeQuantity(bytes);
    case 'Time':
    case 'MicroTime':
      return decodeTime(bytes, type === 'MicroTime', path);
    case 'IntOrString':
      return decodeIntOrString(bytes);
  }
}

/** protobufjs returns int64 as a Long when the `long` package is present, else as a number. */
export function longToNumber(value: Long | number): number {
  return typeof value === 'number' ? value : value.high * 2 ** 32 + (value.low >>> 0);
}

/** Quantity {string string = 1}; an empty message is the zero quantity, which Go writes as "0". */
function decodeQuantity(bytes: Uint8Array): string {
  let text = '0';
  readFields(bytes, { 1: [lengthDelimited, (r) => (text = r.string())] });
  return text;
}

/** IntOrString {int64 type = 1, int32 intVal = 2, string strVal = 3}; type 1 means the string. */
function decodeIntOrString(bytes: Uint8Array): number | string {
  let type = 0;
  let intVal = 0;
  let strVal = '';
  readFields(bytes, {
    1: [varint, (r) => (type = longToNumber(r.int64()))],
    2: [varint, (r) => (intVal = r.int32())],
    3: [lengthDelimited, (r) => (strVal = r.string())],
  });
  return type === 1 ? strVal : intVal;
}

/**
 * Time / MicroTime {int64 seconds = 1, int32 nanos = 2}. Go marshals the zero time as an empty
 * message and reads an empty message back as the zero time, whose JSON is null.
 */
function decodeTime(bytes: Uint8Array, micro: boolean, path: string): string | null {
  if (bytes.length === 0) return null;
  let seconds = 0;
  let nanos = 0;
  readFields(bytes, {
    1: [varint, (r) => (seconds = longToNumber(r.int64()))],
    2: [varint, (r) => (nanos = r.int32())],
  });
  // Like Go's time.Unix, carry nanoseconds outside [0, 1e9) into the seconds.
  seconds += Math.floor(nanos / 1e9);
  nanos = ((nanos % 1e9) + 1e9) % 1e9;
  const date = new Date(seconds * 1000);
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) {
    throw ApiError.badRequest(
      `the protobuf request body is malformed at ${path}: time out of range [0, 9999]`,
    );
  }
  const base = date.toISOString().slice(0, 19);
  return micro ? `${base}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${base}Z`;
}

/** Walks a small message: field number → [wire type, reader]; anything else is skipped. */
function readFields(bytes: Uint8Array, fields: Record<number, [number, (reader: Reader) => unknown]>): void {
  const reader = Reader.create(bytes);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const field = fields[tag >>> 3];
    if (field && field[0] === (tag & 7)) field[1](reader);
    else reader.skipType(tag & 7);
  }
}
