/**
 * Whether one PolicyRule allows a request, exactly as Kubernetes' RBAC
 * (pkg/registry/rbac/validation/rule.go RuleAllows, pkg/apis/rbac/v1/evaluation_helpers.go).
 */
import { AuthorizationAttributes } from '../authorizer';
import { ALL, PolicyRule } from './rbac.types';

/** The request parts a rule is matched against. */
export type RuleRequest = Pick<
  AuthorizationAttributes,
  'verb' | 'resourceRequest' | 'path' | 'apiGroup' | 'resource' | 'subresource' | 'name'
>;

export function ruleAllows(request: RuleRequest, rule: PolicyRule): boolean {
  if (request.resourceRequest) {
    const subresource = request.subresource ?? '';
    const combined = subresource ? `${request.resource ?? ''}/${subresource}` : (request.resource ?? '');
    return (
      verbMatches(rule, request.verb) &&
      apiGroupMatches(rule, request.apiGroup ?? '') &&
      resourceMatches(rule, combined, subresource) &&
      resourceNameMatches(rule, request.name ?? '')
    );
  }
  return verbMatches(rule, request.verb) && nonResourceURLMatches(rule, request.path ?? '');
}

export function rulesAllow(request: RuleRequest, rules: readonly PolicyRule[]): boolean {
  return rules.some((rule) => ruleAllows(request, rule));
}

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return (rule.verbs ?? []).some((v) => v === ALL || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === ALL || g === group);
}

// `pods`, `pods/status`, `*`, and `*/status` for the status subresource of any resource.
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const resource of rule.resources ?? []) {
    if (resource === ALL || resource === combined) return true;
    if (!subresource) continue;
    if (
      resource.length === subresource.length + 2 &&
      resource.startsWith('*/') &&
      resource.endsWith(subresource)
    )
      return true;
  }
  return false;
}

/** No resourceNames matches any name; otherwise the request must name one of them (so never a list). */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

// `/healthz` exactly, `/apis/*` by prefix, `*` for every path.
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const url of rule.nonResourceURLs ?? []) {
    if (url === ALL || url === path) return true;
    if (url.endsWith('*') && path.startsWith(url.replace(/\*+$/, ''))) return true;
  }
  return false;
}
