/**
 * Validation of a meta/v1 LabelSelector in a written object (apimachinery
 * pkg/apis/meta/v1/validation `ValidateLabelSelector`): every error at once, each with its path.
 */
import { FieldError, FieldPath, forbidden, invalid, required } from '../errors';
import { labelValueErrors, qualifiedNameErrors } from './label-syntax';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function keyErrors(key: unknown, fieldPath: FieldPath): FieldError[] {
  if (typeof key !== 'string') return [invalid(fieldPath, key, 'must be a string')];
  return qualifiedNameErrors(key).map((m) => invalid(fieldPath, key, m));
}

function valueErrors(value: unknown, fieldPath: FieldPath): FieldError[] {
  if (typeof value !== 'string') return [invalid(fieldPath, value, 'must be a string')];
  return labelValueErrors(value).map((m) => invalid(fieldPath, value, m));
}

function requirementErrors(expr: unknown, fieldPath: FieldPath): FieldError[] {
  if (!isObject(expr)) return [invalid(fieldPath, expr, 'must be an object')];
  const errs: FieldError[] = [];
  const values = expr.values;
  const valuesPath = fieldPath.child('values');
  if (values !== undefined && values !== null && !Array.isArray(values)) {
    errs.push(invalid(valuesPath, values, 'must be a list of strings'));
  }
  const count = Array.isArray(values) ? values.length : 0;
  switch (expr.operator) {
    case 'In':
    case 'NotIn':
      if (count === 0)
        errs.push(required(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (count > 0)
        errs.push(
          forbidden(valuesPath, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
      break;
    default:
      errs.push(invalid(fieldPath.child('operator'), expr.operator ?? '', 'not a valid selector operator'));
  }
  errs.push(...keyErrors(expr.key, fieldPath.child('key')));
  if (Array.isArray(values)) values.forEach((v, i) => errs.push(...valueErrors(v, valuesPath.index(i))));
  return errs;
}

/** All errors of a LabelSelector at `fieldPath` (e.g. `spec.selector`); absent selectors are valid here. */
export function validateLabelSelector(sel: unknown, fieldPath: FieldPath): FieldError[] {
  if (sel === undefined || sel === null) return [];
  if (!isObject(sel)) return [invalid(fieldPath, sel, 'must be an object')];
  const errs: FieldError[] = [];
  const { matchLabels, matchExpressions } = sel;
  const labelsPath = fieldPath.child('matchLabels');
  if (isObject(matchLabels)) {
    // Kubernetes reports matchLabels errors at `matchLabels` itself, naming the bad key or value.
    for (const [k, v] of Object.entries(matchLabels)) {
      errs.push(...keyErrors(k, labelsPath), ...valueErrors(v, labelsPath));
    }
  } else if (matchLabels !== undefined && matchLabels !== null) {
    errs.push(invalid(labelsPath, matchLabels, 'must be a map of strings'));
  }
  const expressionsPath = fieldPath.child('matchExpressions');
  if (Array.isArray(matchExpressions)) {
    matchExpressions.forEach((e, i) => errs.push(...requirementErrors(e, expressionsPath.index(i))));
  } else if (matchExpressions !== undefined && matchExpressions !== null) {
    errs.push(invalid(expressionsPath, matchExpressions, 'must be a list'));
  }
  return errs;
}
