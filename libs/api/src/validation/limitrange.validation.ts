/**
 * LimitRange validation (core/validation `ValidateLimitRange`): each item's type, resource names
 * and quantities, and min ≤ defaultRequest ≤ default ≤ max, in Kubernetes' words.
 */
import { FieldError, FieldPath, forbidden, invalid, notSupported, path, required } from '../errors';
import { ResourceQuantity } from '../quantity';
import { isQualifiedName } from './labels.validation';
import { nonNegativeQuantityAt } from './quantity-value.validation';
import { listAt, Obj, objectAt, stringAt } from './shape';

const limitTypes = ['Pod', 'Container', 'PersistentVolumeClaim'] as const;
const standardResources = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage']);
const fields = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;

function quantities(value: unknown, fieldPath: FieldPath, errs: FieldError[]): Map<string, ResourceQuantity> {
  const out = new Map<string, ResourceQuantity>();
  for (const [name, raw] of Object.entries(objectAt(value, fieldPath, errs) ?? {})) {
    const entryPath = fieldPath.key(name);
    errs.push(...isQualifiedName(name).map((m) => invalid(entryPath, name, m)));
    if (!name.includes('/') && !standardResources.has(name) && !name.startsWith('hugepages-'))
      errs.push(invalid(entryPath, name, 'must be a standard limit type or fully qualified'));
    const q = nonNegativeQuantityAt(raw, entryPath, errs);
    if (q) out.set(name, q);
  }
  return out;
}

type OrderedField = 'min' | 'defaultRequest' | 'default' | 'max';

/**
 * min ≤ defaultRequest ≤ default ≤ max, checked for each resource name pair by pair in
 * ValidateLimitRange's order: [lower, upper, the field the error names, the words for lower and
 * upper in Kubernetes' message "<lower words> <q> is greater than <upper words> <q>"].
 */
const orderings: [OrderedField, OrderedField, OrderedField, string, string][] = [
  ['min', 'max', 'min', 'min value', 'max value'],
  ['min', 'defaultRequest', 'defaultRequest', 'min value', 'default request value'],
  ['defaultRequest', 'max', 'defaultRequest', 'default request value', 'max value'],
  ['defaultRequest', 'default', 'defaultRequest', 'default request value', 'default limit value'],
  ['min', 'default', 'default', 'min value', 'default value'],
  ['default', 'max', 'default', 'default value', 'max value'],
];

function validateItem(item: Obj, itemPath: FieldPath, errs: FieldError[]): void {
  const type = stringAt(item.type, itemPath.child('type'), errs);
  if (!type) errs.push(required(itemPath.child('type')));
  else if (!(limitTypes as readonly string[]).includes(type))
    errs.push(notSupported(itemPath.child('type'), type, limitTypes));
  const [max, min, def, defaultRequest, ratio] = fields.map((f) =>
    quantities(item[f], itemPath.child(f), errs),
  );
  if (type === 'Pod') {
    if (def.size)
      errs.push(forbidden(itemPath.child('default'), "may not be specified when `type` is 'Pod'"));
    if (defaultRequest.size)
      errs.push(forbidden(itemPath.child('defaultRequest'), "may not be specified when `type` is 'Pod'"));
  }
  const byField = { max, min, default: def, defaultRequest };
  const names = new Set([...max.keys(), ...min.keys(), ...def.keys(), ...defaultRequest.keys()]);
  for (const name of names) {
    for (const [lower, upper, at, lowerWords, upperWords] of orderings) {
      const [lo, hi] = [byField[lower].get(name), byField[upper].get(name)];
      if (!lo || !hi || lo.cmp(hi) <= 0) continue;
      const value = at === lower ? lo : hi;
      const message = `${lowerWords} ${lo} is greater than ${upperWords} ${hi}`;
      errs.push(invalid(itemPath.child(at).key(name), value.toString(), message));
    }
  }
  for (const [name, r] of ratio) {
    const ratioPath = itemPath.child('maxLimitRequestRatio').key(name);
    if (r.cmp(ResourceQuantity.fromValue(1)) < 0)
      errs.push(invalid(ratioPath, r.toString(), `ratio ${r} is less than 1`));
    const [mx, mn] = [max.get(name), min.get(name)];
    if (mx && mn && mn.sign() > 0) {
      const maxRatio = Number(mx.nanos) / Number(mn.nanos);
      if (Number(r.nanos) / 1e9 > maxRatio)
        errs.push(
          invalid(ratioPath, r.toString(), `ratio ${r} is greater than max/min = ${maxRatio.toFixed(6)}`),
        );
    }
  }
}

export function validateLimitRange(limitRange: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = objectAt(limitRange.spec, path('spec'), errs) ?? {};
  const limitsPath = path('spec').child('limits');
  (listAt(spec.limits, limitsPath, errs) ?? []).forEach((item, i) => {
    const itemPath = limitsPath.index(i);
    const obj = objectAt(item, itemPath, errs);
    if (obj) validateItem(obj, itemPath, errs);
  });
  return errs;
}
