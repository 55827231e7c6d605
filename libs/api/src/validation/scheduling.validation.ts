/**
 * The scheduling constraints of a pod spec (core/validation): tolerations, node and pod
 * (anti-)affinity, and topology spread constraints.
 */
import { duplicate, FieldError, FieldPath, forbidden, invalid, notSupported, required } from '../errors';
import { validateLabelSelector } from '../selectors';
import { isValidLabelValue, validateLabelName } from './labels.validation';
import { isDNS1123Label } from './names.validation';
import { integerAt, listAt, objectAt, Obj, stringAt } from './shape';
import { validateEnum } from './values.validation';

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

export function validateTolerations(value: unknown, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (listAt(value, fieldPath, errs) ?? []).forEach((item, i) => {
    const p = fieldPath.index(i);
    const t = objectAt(item, p, errs);
    if (!t) return;
    const key = stringAt(t.key, p.child('key'), errs) ?? '';
    const tValue = stringAt(t.value, p.child('value'), errs) ?? '';
    const effect = stringAt(t.effect, p.child('effect'), errs) ?? '';
    if (key) errs.push(...validateLabelName(key, p.child('key')));
    // An empty key with Exists matches every taint; with Equal it would match nothing sensible.
    if (!key && t.operator !== 'Exists') {
      errs.push(
        invalid(
          p.child('operator'),
          t.operator ?? '',
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (
      integerAt(t.tolerationSeconds, p.child('tolerationSeconds'), errs) !== undefined &&
      effect !== 'NoExecute'
    ) {
      errs.push(
        invalid(p.child('effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"),
      );
    }
    switch (t.operator ?? '') {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(tValue);
        if (msgs.length > 0) errs.push(invalid(p.child('operator'), tValue, msgs.join(';')));
        break;
      }
      case 'Exists':
        if (tValue)
          errs.push(invalid(p.child('operator'), t, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(p.child('operator'), t.operator, ['Equal', 'Exists']));
    }
    if (effect) errs.push(...validateEnum(effect, TAINT_EFFECTS, p.child('effect')));
  });
  return errs;
}

function validateNodeSelectorRequirement(item: unknown, p: FieldPath, isField: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const req = objectAt(item, p, errs);
  if (!req) return errs;
  const values = (listAt(req.values, p.child('values'), errs) ?? []).filter(
    (v, i): v is string => stringAt(v, p.child('values').index(i), errs) !== undefined,
  );
  const key = stringAt(req.key, p.child('key'), errs) ?? '';
  if (isField) {
    // matchFields only supports the node name, compared for (in)equality.
    if (key !== 'metadata.name') errs.push(invalid(p.child('key'), key, 'not a valid field selector key'));
    if (req.operator !== 'In' && req.operator !== 'NotIn')
      errs.push(notSupported(p.child('operator'), req.operator, ['In', 'NotIn']));
    if (values.length !== 1)
      errs.push(
        required(
          p.child('values'),
          "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
        ),
      );
    return errs;
  }
  errs.push(...validateLabelName(key, p.child('key')));
  switch (req.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0)
        errs.push(required(p.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0)
        errs.push(
          forbidden(p.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1)
        errs.push(
          required(p.child('values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"),
        );
      else if (!/^-?\d+$/.test(values[0]))
        errs.push(invalid(p.child('values').index(0), values[0], 'must be an integer'));
      break;
    default:
      errs.push(invalid(p.child('operator'), req.operator ?? '', 'not a valid selector operator'));
  }
  return errs;
}

function validateNodeSelectorTerm(value: unknown, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const term = objectAt(value, p, errs) ?? {};
  (listAt(term.matchExpressions, p.child('matchExpressions'), errs) ?? []).forEach((r, i) =>
    errs.push(...validateNodeSelectorRequirement(r, p.child('matchExpressions').index(i), false)),
  );
  (listAt(term.matchFields, p.child('matchFields'), errs) ?? []).forEach((r, i) =>
    errs.push(...validateNodeSelectorRequirement(r, p.child('matchFields').index(i), true)),
  );
  return errs;
}

function validateWeight(holder: Obj, p: FieldPath, errs: FieldError[]): void {
  const weight = integerAt(holder.weight, p.child('weight'), errs);
  if (weight === undefined || weight < 1 || weight > 100)
    errs.push(invalid(p.child('weight'), holder.weight, 'must be in the range 1-100'));
}

function validateNodeAffinity(value: unknown, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const na = objectAt(value, p, errs);
  if (!na) return errs;
  const reqPath = p.child('requiredDuringSchedulingIgnoredDuringExecution');
  const req = objectAt(na.requiredDuringSchedulingIgnoredDuringExecution, reqPath, errs);
  if (req) {
    const terms = listAt(req.nodeSelectorTerms, reqPath.child('nodeSelectorTerms'), errs) ?? [];
    if (terms.length === 0)
      errs.push(required(reqPath.child('nodeSelectorTerms'), 'must have at least one node selector term'));
    terms.forEach((t, i) =>
      errs.push(...validateNodeSelectorTerm(t, reqPath.child('nodeSelectorTerms').index(i))),
    );
  }
  const prefPath = p.child('preferredDuringSchedulingIgnoredDuringExecution');
  (listAt(na.preferredDuringSchedulingIgnoredDuringExecution, prefPath, errs) ?? []).forEach((item, i) => {
    const w = objectAt(item, prefPath.index(i), errs);
    if (!w) return;
    validateWeight(w, prefPath.index(i), errs);
    errs.push(...validateNodeSelectorTerm(w.preference, prefPath.index(i).child('preference')));
  });
  return errs;
}

function validatePodAffinityTerm(value: unknown, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const term = objectAt(value, p, errs);
  if (!term) return errs;
  errs.push(...validateLabelSelector(term.labelSelector, p.child('labelSelector')));
  errs.push(...validateLabelSelector(term.namespaceSelector, p.child('namespaceSelector')));
  (listAt(term.namespaces, p.child('namespaces'), errs) ?? []).forEach((ns, i) => {
    const name = stringAt(ns, p.child('namespaces').index(i), errs);
    if (name !== undefined)
      errs.push(...isDNS1123Label(name).map((m) => invalid(p.child('namespaces').index(i), name, m)));
  });
  const topologyKey = stringAt(term.topologyKey, p.child('topologyKey'), errs);
  if (!topologyKey) errs.push(required(p.child('topologyKey'), 'can not be empty'));
  else errs.push(...validateLabelName(topologyKey, p.child('topologyKey')));
  return errs;
}

function validatePodAffinity(value: unknown, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const pa = objectAt(value, p, errs);
  if (!pa) return errs;
  const reqPath = p.child('requiredDuringSchedulingIgnoredDuringExecution');
  (listAt(pa.requiredDuringSchedulingIgnoredDuringExecution, reqPath, errs) ?? []).forEach((t, i) =>
    errs.push(...validatePodAffinityTerm(t, reqPath.index(i))),
  );
  const prefPath = p.child('preferredDuringSchedulingIgnoredDuringExecution');
  (listAt(pa.preferredDuringSchedulingIgnoredDuringExecution, prefPath, errs) ?? []).forEach((item, i) => {
    const w = objectAt(item, prefPath.index(i), errs);
    if (!w) return;
    validateWeight(w, prefPath.index(i), errs);
    errs.push(...validatePodAffinityTerm(w.podAffinityTerm, prefPath.index(i).child('podAffinityTerm')));
  });
  return errs;
}

export function validateAffinity(value: unknown, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const affinity = objectAt(value, p, errs);
  if (!affinity) return errs;
  errs.push(...validateNodeAffinity(affinity.nodeAffinity, p.child('nodeAffinity')));
  errs.push(...validatePodAffinity(affinity.podAffinity, p.child('podAffinity')));
  errs.push(...validatePodAffinity(affinity.podAntiAffinity, p.child('podAntiAffinity')));
  return errs;
}

export function validateTopologySpreadConstraints(value: unknown, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (listAt(value, fieldPath, errs) ?? []).forEach((item, i) => {
    const p = fieldPath.index(i);
    const c = objectAt(item, p, errs);
    if (!c) return;
    const maxSkew = integerAt(c.maxSkew, p.child('maxSkew'), errs);
    if (maxSkew === undefined || maxSkew <= 0)
      errs.push(invalid(p.child('maxSkew'), c.maxSkew ?? 0, 'must be greater than zero'));
    const topologyKey = stringAt(c.topologyKey, p.child('topologyKey'), errs);
    if (!topologyKey) errs.push(required(p.child('topologyKey'), 'can not be empty'));
    else errs.push(...validateLabelName(topologyKey, p.child('topologyKey')));
    errs.push(
      ...validateEnum(c.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway'], p.child('whenUnsatisfiable')),
    );
    // One constraint per {topologyKey, whenUnsatisfiable}: two would contradict each other.
    const pair = `${topologyKey}/${String(c.whenUnsatisfiable)}`;
    if (seen.has(pair)) errs.push(duplicate(p.child('{topologyKey, whenUnsatisfiable}'), pair));
    seen.add(pair);
    const minDomains = integerAt(c.minDomains, p.child('minDomains'), errs);
    if (minDomains !== undefined) {
      if (minDomains <= 0) errs.push(invalid(p.child('minDomains'), minDomains, 'must be greater than 0'));
      if (c.whenUnsatisfiable !== 'DoNotSchedule') {
        errs.push(
          invalid(
            p.child('minDomains'),
            minDomains,
            `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${String(c.whenUnsatisfiable)}`,
          ),
        );
      }
    }
    errs.push(...validateLabelSelector(c.labelSelector, p.child('labelSelector')));
  });
  return errs;
}
