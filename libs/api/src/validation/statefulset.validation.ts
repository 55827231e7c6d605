/**
 * StatefulSet validation (apps/validation `ValidateStatefulSetSpec`, `ValidateStatefulSetUpdate`),
 * after defaulting. Beyond Kubernetes: spec.serviceName is required (Kubernetes' OpenAPI long
 * marked it so; its server never checked), the claim templates' names and specs are checked here
 * rather than when the controller creates the claims, and the pod template is validated as a pod's.
 */
import {
  duplicate,
  FieldError,
  FieldPath,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
} from '../errors';
import { validateLabelSelector } from '../selectors';
import { LabelSelector } from '../types';
import { intOrPercent } from './deployment.validation';
import { isDNS1123Label } from './names.validation';
import { validatePersistentVolumeClaimSpec } from './persistentvolumeclaim.validation';
import { validateWorkloadTemplate } from './pod-template.validation';
import { integerAt, isRecord, listAt, objectAt, Obj, semanticEqual, stringAt } from './shape';
import { validateNonnegative } from './values.validation';

const retentionPolicies = ['Retain', 'Delete'];

function validateUpdateStrategy(value: unknown, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const strategy = objectAt(value, fieldPath, errs);
  if (!strategy) return value === undefined || value === null ? [required(fieldPath)] : errs;
  const rollingPath = fieldPath.child('rollingUpdate');
  const hasRolling = strategy.rollingUpdate !== undefined && strategy.rollingUpdate !== null;
  switch (strategy.type) {
    case undefined:
    case null:
    case '':
      errs.push(required(fieldPath));
      break;
    case 'OnDelete':
      if (hasRolling)
        errs.push(
          invalid(rollingPath, strategy.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'"),
        );
      break;
    case 'RollingUpdate': {
      if (!hasRolling) break;
      const rolling = objectAt(strategy.rollingUpdate, rollingPath, errs);
      if (!rolling) break;
      const partition = integerAt(rolling.partition, rollingPath.child('partition'), errs);
      errs.push(...validateNonnegative(partition, rollingPath.child('partition')));
      if (rolling.maxUnavailable !== undefined && rolling.maxUnavailable !== null) {
        const maxPath = rollingPath.child('maxUnavailable');
        const max = intOrPercent(rolling.maxUnavailable, maxPath, errs);
        if (max === 0) errs.push(invalid(maxPath, rolling.maxUnavailable, 'cannot be 0'));
        if (typeof rolling.maxUnavailable === 'string' && max !== undefined && max > 100)
          errs.push(invalid(maxPath, rolling.maxUnavailable, 'must not be greater than 100%'));
      }
      break;
    }
    default:
      errs.push(invalid(fieldPath, strategy, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  return errs;
}

function validateRetentionPolicy(value: unknown, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const policy = objectAt(value, fieldPath, errs);
  if (!policy) return errs;
  for (const when of ['whenDeleted', 'whenScaled'] as const) {
    if (!retentionPolicies.includes(policy[when] as string))
      errs.push(notSupported(fieldPath.child(when), policy[when] ?? '', retentionPolicies));
  }
  return errs;
}

/** `spec.volumeClaimTemplates`: each a named claim (the pod volume's name too); returns the names. */
function validateClaimTemplates(value: unknown, fieldPath: FieldPath, errs: FieldError[]): string[] {
  const names: string[] = [];
  (listAt(value, fieldPath, errs) ?? []).forEach((item, i) => {
    const claimPath = fieldPath.index(i);
    const claim = objectAt(item, claimPath, errs);
    if (!claim) return;
    const metaPath = claimPath.child('metadata');
    const meta = objectAt(claim.metadata, metaPath, errs) ?? {};
    const name = stringAt(meta.name, metaPath.child('name'), errs);
    if (!name) errs.push(required(metaPath.child('name'), 'name or generateName is required'));
    else {
      // The name is the pod volume's (a DNS label) and starts each claim's name.
      errs.push(...isDNS1123Label(name).map((m) => invalid(metaPath.child('name'), name, m)));
      if (names.includes(name)) errs.push(duplicate(metaPath.child('name'), name));
      names.push(name);
    }
    errs.push(...validatePersistentVolumeClaimSpec(claim.spec, claimPath.child('spec')));
  });
  return names;
}

export function validateStatefulSet(sts: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const specPath = path('spec');
  const spec = objectAt(sts.spec, specPath, errs);
  if (!spec) return sts.spec === undefined || sts.spec === null ? [required(specPath)] : errs;

  const policyPath = specPath.child('podManagementPolicy');
  if (
    spec.podManagementPolicy === undefined ||
    spec.podManagementPolicy === null ||
    spec.podManagementPolicy === ''
  )
    errs.push(required(policyPath));
  else if (spec.podManagementPolicy !== 'OrderedReady' && spec.podManagementPolicy !== 'Parallel')
    errs.push(invalid(policyPath, spec.podManagementPolicy, "must be 'OrderedReady' or 'Parallel'"));
  errs.push(...validateUpdateStrategy(spec.updateStrategy, specPath.child('updateStrategy')));
  errs.push(
    ...validateRetentionPolicy(
      spec.persistentVolumeClaimRetentionPolicy,
      specPath.child('persistentVolumeClaimRetentionPolicy'),
    ),
  );
  for (const field of ['replicas', 'minReadySeconds', 'revisionHistoryLimit'] as const) {
    const n = integerAt(spec[field], specPath.child(field), errs);
    errs.push(...validateNonnegative(n, specPath.child(field)));
  }
  const ordinals = objectAt(spec.ordinals, specPath.child('ordinals'), errs);
  if (ordinals) {
    const start = integerAt(ordinals.start, specPath.child('ordinals.start'), errs);
    errs.push(...validateNonnegative(start, specPath.child('ordinals.start')));
  }
  const serviceName = stringAt(spec.serviceName, specPath.child('serviceName'), errs);
  if (!serviceName) errs.push(required(specPath.child('serviceName')));

  const selectorPath = specPath.child('selector');
  let selector: LabelSelector | undefined;
  if (spec.selector === undefined || spec.selector === null) errs.push(required(selectorPath));
  else {
    const selectorErrs = validateLabelSelector(spec.selector, selectorPath);
    errs.push(...selectorErrs);
    const s = isRecord(spec.selector) ? spec.selector : {};
    const count =
      Object.keys(isRecord(s.matchLabels) ? s.matchLabels : {}).length +
      (Array.isArray(s.matchExpressions) ? s.matchExpressions.length : 0);
    if (count === 0)
      errs.push(invalid(selectorPath, spec.selector, 'empty selector is invalid for statefulset'));
    else if (selectorErrs.length === 0) selector = spec.selector as LabelSelector;
  }
  const claims = validateClaimTemplates(
    spec.volumeClaimTemplates,
    specPath.child('volumeClaimTemplates'),
    errs,
  );
  errs.push(
    ...validateWorkloadTemplate(spec, selector, specPath, { kind: 'StatefulSet', extraVolumes: claims }),
  );
  return errs;
}

/** Fields of a StatefulSet's spec an update may change (Kubernetes 1.32). */
export const STATEFULSET_MUTABLE_FIELDS = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
] as const;

export function validateStatefulSetUpdate(sts: Obj, old: Obj): FieldError[] {
  if (!isRecord(sts.spec) || !isRecord(old.spec)) return [];
  const clone: Obj = { ...sts.spec };
  for (const field of STATEFULSET_MUTABLE_FIELDS) clone[field] = old.spec[field];
  if (semanticEqual(clone, old.spec)) return [];
  return [
    forbidden(
      path('spec'),
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}
