/**
 * The compact notation our protobuf schema tables are written in, and its parsed form.
 *
 * A field reads like a TypeScript property: `'name: string'`, `'ports: ContainerPort[]'`,
 * `'labels: map<string>'`. The marker after the name carries Go's JSON semantics, which protobuf
 * alone cannot tell us:
 * - `replicas?: int32`: a Go pointer. The gogo marshaller writes it only when non-nil, so whatever
 *   is on the wire is kept, even `0` (`--replicas=0` must survive).
 * - `containerPort!: int32`: the JSON tag has no `omitempty`, so an empty value is kept.
 * - no marker: `omitempty`, so an empty string, zero or false is dropped.
 * - `...: ProbeHandler`: a Go struct embedded with `json:",inline"`; its fields merge into ours.
 * Nested messages are never dropped when present: Go's `omitempty` does not apply to structs.
 */
export const scalarProtoTypes = ['string', 'int32', 'int64', 'bool', 'bytes'] as const;
/** apimachinery wrapper messages that have their own JSON form (a string, a number or null). */
export const wrapperProtoTypes = ['Quantity', 'Time', 'MicroTime', 'IntOrString'] as const;

export type ScalarProtoType = (typeof scalarProtoTypes)[number];
export type WrapperProtoType = (typeof wrapperProtoTypes)[number];

export interface ProtoField {
  /** JSON field name; empty for an inline (embedded) message. */
  name: string;
  /** A scalar, a wrapper, or the name of a message in the schema table. */
  type: string;
  repeated: boolean;
  /** map<string, type>: on the wire a repeated entry message {key = 1, value = 2}. */
  map: boolean;
  pointer: boolean;
  omitEmpty: boolean;
  inline: boolean;
}

/** Field number → field, for one message. */
export type ProtoMessage = ReadonlyMap<number, ProtoField>;

/** How the schema files are written: message name → field number → notation. */
export type ProtoMessageTable = Record<string, Record<number, string>>;

const notation = /^(\.\.\.|[A-Za-z][A-Za-z0-9]*)([?!]?): (?:map<(\w+)>|(\w+))(\[\])?$/;

export function parseProtoField(text: string): ProtoField {
  const match = notation.exec(text);
  if (!match) throw new Error(`bad protobuf field notation: "${text}"`);
  const [, name, marker, mapValue, type, list] = match;
  const inline = name === '...';
  return {
    name: inline ? '' : name,
    type: mapValue ?? type,
    repeated: list !== undefined,
    map: mapValue !== undefined,
    pointer: marker === '?',
    omitEmpty: marker !== '!',
    inline,
  };
}

export function isScalarProtoType(type: string): type is ScalarProtoType {
  return (scalarProtoTypes as readonly string[]).includes(type);
}

export function isWrapperProtoType(type: string): type is WrapperProtoType {
  return (wrapperProtoTypes as readonly string[]).includes(type);
}
