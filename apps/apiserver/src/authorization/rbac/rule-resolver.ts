/**
 * Which rules apply to a user where (pkg/registry/rbac/validation DefaultRuleResolver
 * `VisitRulesFor`): every ClusterRoleBinding's role cluster-wide, then, for a namespace, the
 * RoleBindings there (of a Role of that namespace or of a ClusterRole). A ClusterRole with an
 * aggregationRule also holds the rules of the ClusterRoles its selectors pick (admin, edit and
 * view gather `rbac.authorization.k8s.io/aggregate-to-*` roles), computed here instead of by a
 * controller, so an aggregated role takes effect with the change that labels it.
 */
import { labelSelectorFromObject } from '@orchestra/api';
import { UserInfo } from '../../authentication/user-info';
import { RbacCache } from './rbac-cache';
import { ClusterRole, PolicyRule, RoleBinding, RoleRef } from './rbac.types';
import { describeSubject, subjectFor } from './subjects';

/** Where a rule came from, worded as Kubernetes' allow reasons. */
export interface RuleSource {
  binding: RoleBinding;
  /** The binding's namespace; empty for a ClusterRoleBinding. */
  namespace: string;
  describe(): string;
}

/** Return false to stop visiting. */
export type RuleVisitor = (source: RuleSource, rules: readonly PolicyRule[]) => boolean;

export class RuleResolver {
  private aggregated = new Map<string, PolicyRule[]>();
  private aggregatedAt = -1;

  constructor(private readonly cache: RbacCache) {}

  /** Visits the rules of the cluster-wide grants, then those of `namespace` (when given). */
  visitRulesFor(user: UserInfo, namespace: string | undefined, visit: RuleVisitor): void {
    for (const binding of this.cache.allClusterRoleBindings()) {
      const subject = subjectFor(user, binding.subjects, '');
      if (!subject) continue;
      const rules = this.rulesOf(binding.roleRef, '');
      if (!rules) continue;
      const source: RuleSource = {
        binding,
        namespace: '',
        describe: () =>
          `ClusterRoleBinding ${JSON.stringify(binding.metadata.name)} of ${binding.roleRef.kind} ${JSON.stringify(binding.roleRef.name)} to ${describeSubject(subject, '')}`,
      };
      if (!visit(source, rules)) return;
    }
    if (namespace) this.visitNamespace(user, namespace, visit);
  }

  /** Visits only the RoleBindings of one namespace. */
  visitNamespace(user: UserInfo, namespace: string, visit: RuleVisitor): boolean {
    for (const binding of this.cache.roleBindingsIn(namespace)) {
      const subject = subjectFor(user, binding.subjects, namespace);
      if (!subject) continue;
      const rules = this.rulesOf(binding.roleRef, namespace);
      if (!rules) continue;
      const source: RuleSource = {
        binding,
        namespace,
        describe: () =>
          `RoleBinding ${JSON.stringify(`${binding.metadata.name}/${namespace}`)} of ${binding.roleRef.kind} ${JSON.stringify(binding.roleRef.name)} to ${describeSubject(subject, namespace)}`,
      };
      if (!visit(source, rules)) return false;
    }
    return true;
  }

  /** Every rule that applies to the user in `namespace` (or cluster-wide only, without one). */
  rulesFor(user: UserInfo, namespace: string | undefined): PolicyRule[] {
    const rules: PolicyRule[] = [];
    this.visitRulesFor(user, namespace, (_source, found) => {
      rules.push(...found);
      return true;
    });
    return rules;
  }

  /** The rules a roleRef grants; undefined when the role does not exist (yet). */
  rulesOf(roleRef: RoleRef, bindingNamespace: string): readonly PolicyRule[] | undefined {
    if (roleRef.kind === 'ClusterRole') return this.clusterRoleRules(roleRef.name);
    if (roleRef.kind === 'Role' && bindingNamespace)
      return this.cache.role(bindingNamespace, roleRef.name)?.rules ?? undefined;
    return undefined;
  }

  /** A ClusterRole's rules, with those it aggregates (transitively, each role once). */
  clusterRoleRules(name: string): readonly PolicyRule[] | undefined {
    if (this.aggregatedAt !== this.cache.generation) {
      this.aggregated = new Map();
      this.aggregatedAt = this.cache.generation;
    }
    const known = this.aggregated.get(name);
    if (known) return known;
    const role = this.cache.clusterRole(name);
    if (!role) return undefined;
    const rules = this.aggregate(role, new Set());
    this.aggregated.set(name, rules);
    return rules;
  }

  private aggregate(role: ClusterRole, visiting: Set<string>): PolicyRule[] {
    visiting.add(role.metadata.name!);
    const rules = [...(role.rules ?? [])];
    const selectors = role.aggregationRule?.clusterRoleSelectors ?? [];
    if (selectors.length === 0) return rules;
    const matchers = selectors.flatMap((s) => {
      try {
        return [labelSelectorFromObject(s)];
      } catch {
        return []; // an invalid selector picks nothing (validation refuses it on write)
      }
    });
    for (const other of this.cache.allClusterRoles()) {
      const otherName = other.metadata.name!;
      if (visiting.has(otherName)) continue;
      if (!matchers.some((m) => m.matches(other.metadata.labels))) continue;
      rules.push(...this.aggregate(other, visiting));
    }
    return rules;
  }
}
