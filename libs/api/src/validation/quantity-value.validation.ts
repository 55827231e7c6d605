/**
 * One quantity of a resource list (core/validation ValidateResourceQuantityValue), as containers'
 * resources, ResourceQuota and LimitRange have them.
 */
import { FieldError, FieldPath, invalid } from '../errors';
import { parseQuantity, QuantityParseError, ResourceQuantity } from '../quantity';

/**
 * A quantity string, or a bare number (YAML's `cpu: 2`, which Kubernetes accepts too), that parses
 * and is not negative. Returns whatever parsed, a negative one too, for the caller's own checks.
 */
export function nonNegativeQuantityAt(
  value: unknown,
  fieldPath: FieldPath,
  errs: FieldError[],
): ResourceQuantity | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') {
    errs.push(invalid(fieldPath, value, 'must be a quantity string'));
    return undefined;
  }
  let q: ResourceQuantity;
  try {
    q = parseQuantity(String(value));
  } catch (e) {
    if (!(e instanceof QuantityParseError)) throw e;
    errs.push(invalid(fieldPath, value, e.message));
    return undefined;
  }
  if (q.sign() < 0) errs.push(invalid(fieldPath, q.toString(), 'must be greater than or equal to 0'));
  return q;
}
