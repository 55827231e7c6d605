/**
 * Whether one set of rules grants everything another does (pkg/registry/rbac/validation
 * policy_comparator.go `Covers`): the servant rules are broken down into one verb, group,
 * resource and name each, and every piece must be covered by some owner rule. Used by escalation
 * prevention and by the default policy's reconciliation (which adds the rules not covered).
 */
import { ALL, PolicyRule } from './rbac.types';

export function covers(
  ownerRules: readonly PolicyRule[],
  servantRules: readonly PolicyRule[],
): { covered: boolean; uncovered: PolicyRule[] } {
  const uncovered = servantRules
    .flatMap(breakdownRule)
    .filter((sub) => !ownerRules.some((owner) => ruleCovers(owner, sub)));
  return { covered: uncovered.length === 0, uncovered };
}

/** One rule per verb × group × resource (× name), and per verb × nonResourceURL. */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const subrules: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? [])
    for (const resource of rule.resources ?? [])
      for (const verb of rule.verbs ?? []) {
        if (rule.resourceNames?.length) {
          for (const name of rule.resourceNames)
            subrules.push({
              apiGroups: [group],
              resources: [resource],
              verbs: [verb],
              resourceNames: [name],
            });
        } else {
          subrules.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        }
      }
  for (const url of rule.nonResourceURLs ?? [])
    for (const verb of rule.verbs ?? []) subrules.push({ nonResourceURLs: [url], verbs: [verb] });
  return subrules;
}

const has = (set: readonly string[] | undefined, item: string) => (set ?? []).includes(item);
const hasAll = (set: readonly string[] | undefined, items: readonly string[] | undefined) =>
  (items ?? []).every((i) => has(set, i));

function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = has(owner.verbs, ALL) || hasAll(owner.verbs, sub.verbs);
  const groups = has(owner.apiGroups, ALL) || hasAll(owner.apiGroups, sub.apiGroups);
  const resources = resourcesCoverAll(owner.resources ?? [], sub.resources ?? []);
  const urls = (sub.nonResourceURLs ?? []).every((path) =>
    (owner.nonResourceURLs ?? []).some((o) => nonResourceURLCovers(o, path)),
  );
  const ownerNames = owner.resourceNames ?? [];
  const names = sub.resourceNames?.length
    ? ownerNames.length === 0 || hasAll(ownerNames, sub.resourceNames)
    : ownerNames.length === 0;
  return verbs && groups && resources && names && urls;
}

function resourcesCoverAll(set: readonly string[], wanted: readonly string[]): boolean {
  if (has(set, ALL) || hasAll(set, wanted)) return true;
  return wanted.every((path) => {
    if (has(set, path)) return true;
    const slash = path.indexOf('/');
    if (slash < 0) return false;
    return has(set, `*/${path.slice(slash + 1)}`);
  });
}

function nonResourceURLCovers(owner: string, path: string): boolean {
  if (owner === path) return true;
  return owner.endsWith('*') && path.startsWith(owner.replace(/\*+$/, ''));
}
