/**
 * Field errors, as k8s.io/apimachinery/pkg/util/validation/field: each names the path of the bad
 * field, so a 422 tells the user exactly what to fix. Validators collect all of them at once.
 */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueNotFound'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany';

export interface FieldError {
  type: FieldErrorType;
  /** Dotted path with indexes and keys, e.g. `spec.template.spec.containers[0].image`. */
  field: string;
  value?: unknown;
  detail?: string;
}

const typeText: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueNotFound: 'Not found',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
};

/** A field path builder: `path('spec').child('containers').index(0).child('name')`. */
export class FieldPath {
  private constructor(private readonly text: string) {}

  static root(name: string): FieldPath {
    return new FieldPath(name);
  }

  child(name: string): FieldPath {
    return new FieldPath(this.text ? `${this.text}.${name}` : name);
  }

  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }

  key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }

  toString(): string {
    return this.text;
  }
}

export const path = (name: string): FieldPath => FieldPath.root(name);

export const required = (field: FieldPath, detail?: string): FieldError => ({
  type: 'FieldValueRequired',
  field: field.toString(),
  detail,
});

export const notFound = (field: FieldPath, value: unknown): FieldError => ({
  type: 'FieldValueNotFound',
  field: field.toString(),
  value,
});

export const invalid = (field: FieldPath, value: unknown, detail?: string): FieldError => ({
  type: 'FieldValueInvalid',
  field: field.toString(),
  value,
  detail,
});

export const notSupported = (field: FieldPath, value: unknown, supported: readonly string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field: field.toString(),
  value,
  detail: `supported values: ${supported.map((s) => `"${s}"`).join(', ')}`,
});

export const duplicate = (field: FieldPath, value: unknown): FieldError => ({
  type: 'FieldValueDuplicate',
  field: field.toString(),
  value,
});

export const forbidden = (field: FieldPath, detail: string): FieldError => ({
  type: 'FieldValueForbidden',
  field: field.toString(),
  detail,
});

export const tooLong = (field: FieldPath, value: unknown, max: number): FieldError => ({
  type: 'FieldValueTooLong',
  field: field.toString(),
  value,
  detail: `must have at most ${max} bytes`,
});

export const tooMany = (field: FieldPath, actual: number, max: number): FieldError => ({
  type: 'FieldValueTooMany',
  field: field.toString(),
  value: actual,
  detail: `must have at most ${max} items`,
});

/** Renders one error the way Kubernetes does: `spec.replicas: Invalid value: -1: must be ...`. */
export function formatFieldError(e: FieldError): string {
  const parts = [`${e.field}: ${typeText[e.type]}`];
  if (e.value !== undefined && e.type !== 'FieldValueRequired' && e.type !== 'FieldValueForbidden') {
    parts.push(
      typeof e.value === 'string' ? JSON.stringify(e.value) : (JSON.stringify(e.value) ?? String(e.value)),
    );
  }
  if (e.detail) parts.push(e.detail);
  return parts.join(': ');
}
