/**
 * What an aggregated ClusterRole holds (pkg/controller/clusterroleaggregation): the rules of every
 * other ClusterRole its selectors pick, roles in name order, each rule once.
 */
import { labelSelectorFromObject } from '@orchestra/api';
import { ClusterRole, PolicyRule } from './rbac.types';

/** The rules an aggregated ClusterRole should hold, from `all` the ClusterRoles. */
export function aggregatedRules(role: ClusterRole, all: Iterable<ClusterRole>): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const seen = new Set<string>();
  const others = [...all]
    .filter((r) => r.metadata.name !== role.metadata.name)
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  for (const selector of role.aggregationRule?.clusterRoleSelectors ?? []) {
    let matcher;
    try {
      matcher = labelSelectorFromObject(selector);
    } catch {
      continue;
    }
    for (const other of others) {
      if (!matcher.matches(other.metadata.labels)) continue;
      for (const rule of other.rules ?? []) {
        const key = JSON.stringify(rule);
        if (seen.has(key)) continue;
        seen.add(key);
        rules.push(rule);
      }
    }
  }
  return rules;
}
