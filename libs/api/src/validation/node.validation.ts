/** Node validation (core/validation `ValidateNode`, `ValidateNodeUpdate`): taints and pod CIDRs. */
import { duplicate, FieldError, forbidden, invalid, path, required } from '../errors';
import { isValidLabelValue, validateLabelName } from './labels.validation';
import { TAINT_EFFECTS } from './scheduling.validation';
import { isRecord, listAt, objectAt, Obj, stringAt } from './shape';
import { validateCIDR, validateEnum } from './values.validation';

export function validateNode(node: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const specPath = path('spec');
  const spec = objectAt(node.spec, specPath, errs) ?? {};
  const taintsPath = specPath.child('taints');
  const seen = new Set<string>();
  (listAt(spec.taints, taintsPath, errs) ?? []).forEach((item, i) => {
    const p = taintsPath.index(i);
    const taint = objectAt(item, p, errs);
    if (!taint) return;
    const key = stringAt(taint.key, p.child('key'), errs);
    if (!key) errs.push(required(p.child('key')));
    else errs.push(...validateLabelName(key, p.child('key')));
    const value = stringAt(taint.value, p.child('value'), errs) ?? '';
    errs.push(...isValidLabelValue(value).map((m) => invalid(p.child('value'), value, m)));
    errs.push(...validateEnum(taint.effect, TAINT_EFFECTS, p.child('effect')));
    // A node may carry one taint per key and effect.
    const id = `${key}:${String(taint.effect)}`;
    if (seen.has(id))
      errs.push({ ...duplicate(p, taint), detail: 'taints must be unique by key and effect pair' });
    seen.add(id);
  });
  const podCIDR = stringAt(spec.podCIDR, specPath.child('podCIDR'), errs);
  if (podCIDR) errs.push(...validateCIDR(podCIDR, specPath.child('podCIDR')));
  const cidrs = listAt(spec.podCIDRs, specPath.child('podCIDRs'), errs) ?? [];
  cidrs.forEach((c, i) => {
    const cidr = stringAt(c, specPath.child('podCIDRs').index(i), errs);
    if (cidr !== undefined) errs.push(...validateCIDR(cidr, specPath.child('podCIDRs').index(i)));
  });
  if (cidrs.length > 2)
    errs.push(
      invalid(specPath.child('podCIDRs'), cidrs, 'may specify no more than one CIDR for each IP family'),
    );
  return errs;
}

/** Pod CIDRs are handed out once; after that they stay. */
export function validateNodeUpdate(node: Obj, old: Obj): FieldError[] {
  const spec = isRecord(node.spec) ? node.spec : {};
  const oldSpec = isRecord(old.spec) ? old.spec : {};
  if (oldSpec.podCIDR && spec.podCIDR !== oldSpec.podCIDR) {
    return [
      forbidden(path('spec').child('podCIDR'), 'node updates may not change podCIDR except from "" to valid'),
    ];
  }
  return [];
}
