/**
 * Role, ClusterRole, RoleBinding and ClusterRoleBinding (pkg/apis/rbac/validation): rules need
 * verbs and either resources with groups or non-resource URLs (never both, and no URLs in a
 * namespaced Role); a binding's roleRef names a Role or ClusterRole of rbac.authorization.k8s.io
 * and never changes; subjects are Users, Groups or ServiceAccounts. Defaults as rbac/v1's: the
 * API group of roleRef and of User and Group subjects.
 */
import { FieldError, FieldPath, invalid, notSupported, path, required } from '../errors';
import { validateLabelSelector } from '../selectors';
import { isDNS1123Subdomain, isValidPathSegmentName } from './names.validation';
import { isRecord, listAt, objectAt, Obj, semanticEqual, stringAt } from './shape';

const rbacGroup = 'rbac.authorization.k8s.io';

/** rbac/v1 defaulting: roleRef.apiGroup, and the apiGroup of User and Group subjects. */
export function defaultRoleBinding(binding: Obj): void {
  if (isRecord(binding.roleRef) && !binding.roleRef.apiGroup) binding.roleRef.apiGroup = rbacGroup;
  if (!Array.isArray(binding.subjects)) return;
  for (const subject of binding.subjects) {
    if (!isRecord(subject) || subject.apiGroup) continue;
    if (subject.kind === 'User' || subject.kind === 'Group') subject.apiGroup = rbacGroup;
    if (subject.kind === 'ServiceAccount') subject.apiGroup = '';
  }
}

export function validatePolicyRule(value: unknown, namespaced: boolean, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const rule = objectAt(value, fieldPath, errs);
  if (!rule) return errs;
  const strings = (name: string): string[] =>
    (listAt(rule[name], fieldPath.child(name), errs) ?? []).flatMap((v, i) => {
      const s = stringAt(v, fieldPath.child(name).index(i), errs);
      return s === undefined ? [] : [s];
    });
  const verbs = strings('verbs');
  const groups = strings('apiGroups');
  const resources = strings('resources');
  const names = strings('resourceNames');
  const urls = strings('nonResourceURLs');
  if (verbs.length === 0)
    errs.push(required(fieldPath.child('verbs'), 'verbs must contain at least one value'));
  if (urls.length > 0) {
    if (namespaced)
      errs.push(
        invalid(
          fieldPath.child('nonResourceURLs'),
          urls,
          'namespaced rules cannot apply to non-resource URLs',
        ),
      );
    if (groups.length || resources.length || names.length)
      errs.push(
        invalid(
          fieldPath.child('nonResourceURLs'),
          urls,
          'rules cannot apply to both regular resources and non-resource URLs',
        ),
      );
    return errs;
  }
  if (groups.length === 0)
    errs.push(required(fieldPath.child('apiGroups'), 'resource rules must supply at least one api group'));
  if (resources.length === 0)
    errs.push(required(fieldPath.child('resources'), 'resource rules must supply at least one resource'));
  return errs;
}

function validateRules(obj: Obj, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const rules = listAt(obj.rules, path('rules'), errs) ?? [];
  rules.forEach((rule, i) => errs.push(...validatePolicyRule(rule, namespaced, path('rules').index(i))));
  return errs;
}

export function validateRole(role: Obj): FieldError[] {
  return validateRules(role, true);
}

export function validateClusterRole(role: Obj): FieldError[] {
  const errs = validateRules(role, false);
  if (role.aggregationRule === undefined || role.aggregationRule === null) return errs;
  const rulePath = path('aggregationRule');
  const aggregation = objectAt(role.aggregationRule, rulePath, errs);
  if (!aggregation) return errs;
  const selectorsPath = rulePath.child('clusterRoleSelectors');
  const selectors = listAt(aggregation.clusterRoleSelectors, selectorsPath, errs) ?? [];
  if (selectors.length === 0)
    errs.push(
      required(selectorsPath, 'at least one clusterRoleSelector required if aggregationRule is non-nil'),
    );
  selectors.forEach((s, i) => errs.push(...validateLabelSelector(s, selectorsPath.index(i))));
  return errs;
}

function validateSubject(value: unknown, namespaced: boolean, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const subject = objectAt(value, fieldPath, errs);
  if (!subject) return errs;
  const name = stringAt(subject.name, fieldPath.child('name'), errs) ?? '';
  const kind = stringAt(subject.kind, fieldPath.child('kind'), errs) ?? '';
  const apiGroup = stringAt(subject.apiGroup, fieldPath.child('apiGroup'), errs) ?? '';
  const namespace = stringAt(subject.namespace, fieldPath.child('namespace'), errs) ?? '';
  if (!name) errs.push(required(fieldPath.child('name')));
  switch (kind) {
    case 'ServiceAccount':
      if (name)
        for (const msg of isDNS1123Subdomain(name)) errs.push(invalid(fieldPath.child('name'), name, msg));
      if (apiGroup) errs.push(notSupported(fieldPath.child('apiGroup'), apiGroup, ['']));
      if (!namespaced && !namespace) errs.push(required(fieldPath.child('namespace')));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== rbacGroup) errs.push(notSupported(fieldPath.child('apiGroup'), apiGroup, [rbacGroup]));
      break;
    default:
      errs.push(notSupported(fieldPath.child('kind'), kind, ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

function validateBinding(binding: Obj, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const refPath = path('roleRef');
  const roleRef = objectAt(binding.roleRef, refPath, errs);
  if (!roleRef) {
    if (binding.roleRef === undefined) errs.push(required(refPath));
  } else {
    const apiGroup = stringAt(roleRef.apiGroup, refPath.child('apiGroup'), errs) ?? '';
    const kind = stringAt(roleRef.kind, refPath.child('kind'), errs) ?? '';
    const name = stringAt(roleRef.name, refPath.child('name'), errs) ?? '';
    if (apiGroup !== rbacGroup) errs.push(notSupported(refPath.child('apiGroup'), apiGroup, [rbacGroup]));
    const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
    if (!kinds.includes(kind)) errs.push(notSupported(refPath.child('kind'), kind, kinds));
    if (!name) errs.push(required(refPath.child('name')));
    else for (const msg of isValidPathSegmentName(name)) errs.push(invalid(refPath.child('name'), name, msg));
  }
  const subjectsPath = path('subjects');
  (listAt(binding.subjects, subjectsPath, errs) ?? []).forEach((s, i) =>
    errs.push(...validateSubject(s, namespaced, subjectsPath.index(i))),
  );
  return errs;
}

export const validateRoleBinding = (binding: Obj): FieldError[] => validateBinding(binding, true);
export const validateClusterRoleBinding = (binding: Obj): FieldError[] => validateBinding(binding, false);

/** A binding's roleRef never changes (delete and recreate the binding instead). */
export function validateRoleBindingUpdate(binding: Obj, old: Obj): FieldError[] {
  if (semanticEqual(binding.roleRef, old.roleRef)) return [];
  return [invalid(path('roleRef'), binding.roleRef, 'cannot change roleRef')];
}
