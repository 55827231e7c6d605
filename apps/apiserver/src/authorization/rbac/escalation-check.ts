/**
 * RBAC escalation prevention (pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/
 * policybased and rbac/validation ConfirmNoEscalation): a user may only write a Role or
 * ClusterRole whose rules they already hold (or with the `escalate` verb on it), and only bind a
 * role whose rules they hold (or with the `bind` verb on it). system:masters and the apiserver's
 * own writes are exempt. Run as a validating admission step on the four RBAC kinds.
 */
import { ApiError, KubeObject } from '@orchestra/api';
import { UserInfo, WellKnown } from '../../authentication/user-info';
import { AdmissionAttributes, AdmissionPlugin } from '../../admission/admission.types';
import { Authorizer } from '../authorizer';
import { breakdownRule, covers } from './policy-rule-covers';
import { ClusterRole, PolicyRule, RBAC_GROUP, RoleBinding } from './rbac.types';
import { RuleResolver } from './rule-resolver';

export class RbacEscalationCheck implements AdmissionPlugin {
  readonly name = 'RBACEscalation';

  constructor(
    private readonly authorizer: Authorizer,
    private readonly resolver: RuleResolver,
  ) {}

  async validate(attrs: AdmissionAttributes): Promise<void> {
    const { def, user, object } = attrs;
    if (def.group !== RBAC_GROUP || attrs.subresource || !object || !user) return;
    if (attrs.operation !== 'CREATE' && attrs.operation !== 'UPDATE') return;
    if (user.groups.includes(WellKnown.mastersGroup)) return;
    const namespace = def.namespaced ? (attrs.namespace ?? object.metadata.namespace ?? '') : '';
    const name = object.metadata.name ?? attrs.name;
    if (def.kind === 'Role' || def.kind === 'ClusterRole') {
      const rules = (object as ClusterRole).rules ?? [];
      const old = (attrs.oldObject as ClusterRole | undefined)?.rules;
      if (old && JSON.stringify(old) === JSON.stringify(rules)) return;
      if (await this.allowed(user, 'escalate', def.plural, namespace, name)) return;
      this.confirmNoEscalation(attrs, user, namespace, rules);
      return;
    }
    if (def.kind === 'RoleBinding' || def.kind === 'ClusterRoleBinding') {
      const { roleRef } = object as RoleBinding;
      const plural = roleRef.kind === 'Role' ? 'roles' : 'clusterroles';
      if (await this.allowed(user, 'bind', plural, namespace, roleRef.name)) return;
      const rules = this.resolver.rulesOf(roleRef, namespace);
      if (!rules) {
        const what = roleRef.kind === 'Role' ? 'role' : 'clusterrole';
        throw forbidden(attrs, `${what}.rbac.authorization.k8s.io "${roleRef.name}" not found`);
      }
      this.confirmNoEscalation(attrs, user, namespace, rules);
    }
  }

  private async allowed(
    user: UserInfo,
    verb: string,
    resource: string,
    namespace: string,
    name: string | undefined,
  ): Promise<boolean> {
    const decision = await this.authorizer.authorize({
      user,
      verb,
      resourceRequest: true,
      apiGroup: RBAC_GROUP,
      apiVersion: 'v1',
      resource,
      namespace: namespace || undefined,
      name,
    });
    return decision.decision === 'allow';
  }

  private confirmNoEscalation(
    attrs: AdmissionAttributes,
    user: UserInfo,
    namespace: string,
    rules: readonly PolicyRule[],
  ): void {
    const owned = this.resolver.rulesFor(user, namespace || undefined);
    const { covered, uncovered } = covers(owned, rules);
    if (covered) return;
    const missing = [...new Set(compactRules(uncovered).map(compactString))].sort();
    throw forbidden(
      attrs,
      `user ${goQuote(user.username)} (groups=${goQuoteList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${missing.join('\n')}`,
    );
  }
}

function forbidden(attrs: AdmissionAttributes, reason: string): ApiError {
  const object = attrs.object as KubeObject;
  const name = object.metadata.name ?? attrs.name;
  return new ApiError(
    403,
    'Forbidden',
    `${attrs.def.plural}.${RBAC_GROUP} "${name}" is forbidden: ${reason}`,
    {
      name,
      group: RBAC_GROUP,
      kind: attrs.def.plural,
    },
  );
}

/** Kubernetes' CompactRules: one rule per group/resource/name, its verbs merged. */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const merged = new Map<string, PolicyRule>();
  const others: PolicyRule[] = [];
  for (const rule of rules.flatMap(breakdownRule)) {
    if (rule.nonResourceURLs?.length) {
      others.push(rule);
      continue;
    }
    const key = JSON.stringify([rule.apiGroups, rule.resources, rule.resourceNames ?? []]);
    const existing = merged.get(key);
    if (existing) existing.verbs = [...new Set([...existing.verbs, ...rule.verbs])];
    else merged.set(key, { ...rule, verbs: [...rule.verbs] });
  }
  return [...merged.values(), ...others];
}

/** rbacv1helpers.CompactString: `{APIGroups:["apps"], Resources:["deployments"], Verbs:["create"]}`. */
export function compactString(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.apiGroups?.length) parts.push(`APIGroups:${goQuoteList(rule.apiGroups)}`);
  if (rule.resources?.length) parts.push(`Resources:${goQuoteList(rule.resources)}`);
  if (rule.nonResourceURLs?.length) parts.push(`NonResourceURLs:${goQuoteList(rule.nonResourceURLs)}`);
  if (rule.resourceNames?.length) parts.push(`ResourceNames:${goQuoteList(rule.resourceNames)}`);
  if (rule.verbs?.length) parts.push(`Verbs:${goQuoteList(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}

const goQuote = (s: string) => JSON.stringify(s);
/** Go's %q of a []string: `["a" "b"]`. */
const goQuoteList = (list: readonly string[]) => `[${list.map(goQuote).join(' ')}]`;
