/**
 * Guards for reading request bodies that may not have the declared shape (`spec.containers` as a
 * string, `metadata.labels` as a number). Validators and defaulters use them so they never throw:
 * a wrong shape becomes an Invalid error naming the field, or is skipped by defaulting.
 */
import { FieldError, FieldPath, invalid } from '../errors';

export type Obj = Record<string, unknown>;

export const isRecord = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const absent = (v: unknown): v is undefined | null => v === undefined || v === null;

/** The object at `fieldPath`, undefined when absent; a non-object adds an error. */
export function objectAt(value: unknown, fieldPath: FieldPath, errs: FieldError[]): Obj | undefined {
  if (absent(value)) return undefined;
  if (isRecord(value)) return value;
  errs.push(invalid(fieldPath, value, 'must be an object'));
  return undefined;
}

/** The list at `fieldPath`, undefined when absent; a non-list adds an error. */
export function listAt(value: unknown, fieldPath: FieldPath, errs: FieldError[]): unknown[] | undefined {
  if (absent(value)) return undefined;
  if (Array.isArray(value)) return value;
  errs.push(invalid(fieldPath, value, 'must be a list'));
  return undefined;
}

export function stringAt(value: unknown, fieldPath: FieldPath, errs: FieldError[]): string | undefined {
  if (absent(value)) return undefined;
  if (typeof value === 'string') return value;
  errs.push(invalid(fieldPath, value, 'must be a string'));
  return undefined;
}

export function integerAt(value: unknown, fieldPath: FieldPath, errs: FieldError[]): number | undefined {
  if (absent(value)) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  errs.push(invalid(fieldPath, value, 'must be an integer'));
  return undefined;
}

export function booleanAt(value: unknown, fieldPath: FieldPath, errs: FieldError[]): boolean | undefined {
  if (absent(value)) return undefined;
  if (typeof value === 'boolean') return value;
  errs.push(invalid(fieldPath, value, 'must be a boolean'));
  return undefined;
}

/** A `map[string]string` (labels, nodeSelector, data); a non-string value adds an error at its key. */
export function stringMapAt(
  value: unknown,
  fieldPath: FieldPath,
  errs: FieldError[],
): Record<string, string> | undefined {
  const obj = objectAt(value, fieldPath, errs);
  if (!obj) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string') out[k] = v;
    else errs.push(invalid(fieldPath.key(k), v, 'must be a string'));
  }
  return out;
}

/** Deep equality of JSON values that treats a key holding `undefined` as absent. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((x, i) => semanticEqual(x, b[i]))
    );
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => semanticEqual(a[k], b[k]));
}
