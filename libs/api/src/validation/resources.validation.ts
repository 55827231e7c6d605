/**
 * A container's `resources` (core/validation `ValidateResourceRequirements`): known resource
 * names, quantities that parse and are not negative, and requests no greater than limits.
 */
import { FieldError, FieldPath, invalid, required } from '../errors';
import { ResourceQuantity } from '../quantity';
import { isQualifiedName } from './labels.validation';
import { nonNegativeQuantityAt } from './quantity-value.validation';
import { objectAt } from './shape';

const standardContainerResources = new Set(['cpu', 'memory', 'ephemeral-storage']);
const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
/** Native resources (no domain, or a kubernetes.io domain) other than huge pages may be overcommitted. */
const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
const overcommitAllowed = (name: string): boolean => isNative(name) && !isHugePages(name);

function resourceNameErrors(name: string, fieldPath: FieldPath): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(fieldPath, name, m));
  if (!name.includes('/') && !standardContainerResources.has(name) && !isHugePages(name)) {
    errs.push(invalid(fieldPath, name, 'must be a standard resource for containers'));
  }
  return errs;
}

/** One entry: a non-negative quantity, in whole units for an extended resource. */
function quantityAt(
  name: string,
  value: unknown,
  fieldPath: FieldPath,
  errs: FieldError[],
): ResourceQuantity | undefined {
  const q = nonNegativeQuantityAt(value, fieldPath, errs);
  // Extended resources (devices) come in whole units.
  if (q && !isNative(name) && q.nanos % 1_000_000_000n !== 0n)
    errs.push(invalid(fieldPath, q.toString(), 'must be an integer'));
  return q;
}

function resourceListAt(
  value: unknown,
  fieldPath: FieldPath,
  errs: FieldError[],
): Map<string, ResourceQuantity> {
  const out = new Map<string, ResourceQuantity>();
  for (const [name, raw] of Object.entries(objectAt(value, fieldPath, errs) ?? {})) {
    const entryPath = fieldPath.key(name);
    errs.push(...resourceNameErrors(name, entryPath));
    const q = quantityAt(name, raw, entryPath, errs);
    if (q) out.set(name, q);
  }
  return out;
}

export function validateResourceRequirements(value: unknown, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const resources = objectAt(value, fieldPath, errs) ?? {};
  const limitsPath = fieldPath.child('limits');
  const limits = resourceListAt(resources.limits, limitsPath, errs);
  const requests = resourceListAt(resources.requests, fieldPath.child('requests'), errs);
  for (const [name, request] of requests) {
    const requestPath = fieldPath.child('requests').key(name);
    const limit = limits.get(name);
    if (!limit) {
      if (!overcommitAllowed(name))
        errs.push(required(limitsPath, 'Limit must be set for non overcommitable resources'));
    } else if (!overcommitAllowed(name) && request.cmp(limit) !== 0) {
      errs.push(invalid(requestPath, request.toString(), `must be equal to ${name} limit of ${limit}`));
    } else if (request.cmp(limit) > 0) {
      errs.push(
        invalid(requestPath, request.toString(), `must be less than or equal to ${name} limit of ${limit}`),
      );
    }
  }
  return errs;
}
