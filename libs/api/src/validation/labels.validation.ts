/**
 * Label and annotation rules (apimachinery `IsQualifiedName`, `IsValidLabelValue`,
 * `ValidateLabels`, `ValidateAnnotations`). As in Kubernetes, errors point at the whole map
 * (`metadata.labels`) and carry the offending key or value.
 */
import { FieldError, FieldPath, invalid, tooLong } from '../errors';
import { emptyError, isDNS1123Subdomain, maxLenError, regexError } from './names.validation';
import { stringMapAt } from './shape';

const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const qualifiedNameRe = new RegExp(`^${qualifiedNameFmt}$`);
const qualifiedNameErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelValueFmt = `(${qualifiedNameFmt})?`;
const labelValueRe = new RegExp(`^${labelValueFmt}$`);

export const QUALIFIED_NAME_MAX_LENGTH = 63;
export const LABEL_VALUE_MAX_LENGTH = 63;
/** Annotations of one object, keys and values together (apimachinery TotalAnnotationSizeLimitB). */
export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

/** `[prefix/]name`: label keys, annotation keys, finalizers, topology keys. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  if (parts.length > 2) {
    return [
      `a qualified name ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (name.length > QUALIFIED_NAME_MAX_LENGTH)
    errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX_LENGTH)}`);
  if (!qualifiedNameRe.test(name)) {
    errs.push(
      `name part ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')}`,
    );
  }
  return errs;
}

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > LABEL_VALUE_MAX_LENGTH) errs.push(maxLenError(LABEL_VALUE_MAX_LENGTH));
  if (!labelValueRe.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        labelValueFmt,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

/** A label key (or any qualified name) at `fieldPath`. */
export function validateLabelName(name: string, fieldPath: FieldPath): FieldError[] {
  return isQualifiedName(name).map((m) => invalid(fieldPath, name, m));
}

export function validateLabels(labels: unknown, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const map = stringMapAt(labels, fieldPath, errs) ?? {};
  for (const [k, v] of Object.entries(map)) {
    errs.push(...validateLabelName(k, fieldPath));
    errs.push(...isValidLabelValue(v).map((m) => invalid(fieldPath, v, m)));
  }
  return errs;
}

export function validateAnnotations(annotations: unknown, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const map = stringMapAt(annotations, fieldPath, errs) ?? {};
  let size = 0;
  for (const [k, v] of Object.entries(map)) {
    // Kubernetes checks annotation keys case-insensitively.
    errs.push(...isQualifiedName(k.toLowerCase()).map((m) => invalid(fieldPath, k, m)));
    size += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8');
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES)
    errs.push(tooLong(fieldPath, undefined, TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
  return errs;
}
