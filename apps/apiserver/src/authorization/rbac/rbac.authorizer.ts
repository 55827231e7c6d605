/**
 * The RBAC authorizer (plugin/pkg/auth/authorizer/rbac): allows a request when a rule of a role
 * bound to the user allows it, with Kubernetes' reason
 * (`RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to User "z"`); otherwise it has no
 * opinion, and the request is forbidden unless a later authorizer allows it.
 */
import { AuthorizationAttributes, AuthorizationDecision, Authorizer, NamespaceScope } from '../authorizer';
import { UserInfo } from '../../authentication/user-info';
import { RbacCache } from './rbac-cache';
import { PolicyRule } from './rbac.types';
import { RuleResolver } from './rule-resolver';
import { ruleAllows } from './rule-matching';

export class RbacAuthorizer implements Authorizer {
  readonly name = 'RBAC';
  readonly resolver: RuleResolver;

  constructor(readonly cache: RbacCache) {
    this.resolver = new RuleResolver(cache);
  }

  /** Waits for the cache's first list: a request at start-up is not refused for want of it. */
  async authorize(attributes: AuthorizationAttributes): Promise<AuthorizationDecision> {
    await this.cache.synced();
    return this.decide(attributes);
  }

  decide(attributes: AuthorizationAttributes): AuthorizationDecision {
    let reason: string | undefined;
    this.resolver.visitRulesFor(attributes.user, attributes.namespace, (source, rules) => {
      if (!rules.some((rule) => ruleAllows(attributes, rule))) return true;
      reason = `RBAC: allowed by ${source.describe()}`;
      return false;
    });
    return reason ? { decision: 'allow', reason } : { decision: 'no-opinion' };
  }

  /**
   * Where a list or watch across all namespaces may look (`attributes.namespace` is ignored):
   * everywhere when a cluster-wide grant allows it, else the namespaces whose RoleBindings do
   * (an empty set: nowhere, a 403).
   */
  namespacesAllowing(attributes: AuthorizationAttributes): NamespaceScope {
    const request = { ...attributes, namespace: undefined };
    if (this.decide(request).decision === 'allow') return 'all';
    const allowed = new Set<string>();
    for (const [namespace] of this.cache.roleBindingNamespaces()) {
      this.resolver.visitNamespace(attributes.user, namespace, (_source, rules) => {
        if (!rules.some((rule) => ruleAllows(request, rule))) return true;
        allowed.add(namespace);
        return false;
      });
    }
    return allowed;
  }

  /** The rules that apply to the user in `namespace` (SelfSubjectRulesReview). */
  rulesFor(user: UserInfo, namespace: string | undefined): PolicyRule[] {
    return this.resolver.rulesFor(user, namespace);
  }
}
