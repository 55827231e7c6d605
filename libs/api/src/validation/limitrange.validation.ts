/**
 * LimitRange validation (core/validation `ValidateLimitRange`): each item's type, resource names
 * and quantities, and min ≤ defaultRequest ≤ default ≤ max, in Kubernetes' words.
 */
import { FieldError, FieldPath, forbidden, invalid, notSupported, path, required } from '../errors';
import { parseQuantity, QuantityParseError, ResourceQuantity } from '../quantity';
import { isQualifiedName } from './labels.validation';
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
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      errs.push(invalid(entryPath, raw, 'must be a quantity string'));
      continue;
    }
    try {
      const q = parseQuantity(String(raw));
      if (q.sign() < 0) errs.push(invalid(entryPath, q.toString(), 'must be greater than or equal to 0'));
      out.set(name, q);
    } catch (e) {
      if (!(e instanceof QuantityParseError)) throw e;
      errs.push(invalid(entryPath, raw, e.message));
    }
  }
  return out;
}

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
  const names = new Set([...max.keys(), ...min.keys(), ...def.keys(), ...defaultRequest.keys()]);
  for (const name of names) {
    const [mx, mn, d, dr] = [max.get(name), min.get(name), def.get(name), defaultRequest.get(name)];
    if (mn && mx && mn.cmp(mx) > 0)
      errs.push(
        invalid(
          itemPath.child('min').key(name),
          mn.toString(),
          `min value ${mn} is greater than max value ${mx}`,
        ),
      );
    if (dr && mn && mn.cmp(dr) > 0)
      errs.push(
        invalid(
          itemPath.child('defaultRequest').key(name),
          dr.toString(),
          `min value ${mn} is greater than default request value ${dr}`,
        ),
      );
    if (dr && mx && dr.cmp(mx) > 0)
      errs.push(
        invalid(
          itemPath.child('defaultRequest').key(name),
          dr.toString(),
          `default request value ${dr} is greater than max value ${mx}`,
        ),
      );
    if (dr && d && dr.cmp(d) > 0)
      errs.push(
        invalid(
          itemPath.child('defaultRequest').key(name),
          dr.toString(),
          `default request value ${dr} is greater than default limit value ${d}`,
        ),
      );
    if (d && mn && mn.cmp(d) > 0)
      errs.push(
        invalid(
          itemPath.child('default').key(name),
          d.toString(),
          `min value ${mn} is greater than default value ${d}`,
        ),
      );
    if (d && mx && d.cmp(mx) > 0)
      errs.push(
        invalid(
          itemPath.child('default').key(name),
          d.toString(),
          `default value ${d} is greater than max value ${mx}`,
        ),
      );
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
