/**
 * The authorizer chain (k8s.io/apiserver union authorizer, kube-apiserver's --authorization-mode):
 * members of system:masters are allowed first (Kubernetes' privileged group), then each mode in
 * order; the first that allows or denies decides, and what nobody allows is forbidden (the
 * reasons of those with no opinion are joined into the 403's message, as Kubernetes does).
 */
import { AuthorizationMode } from '../apiserver.config';
import { WellKnown } from '../authentication/user-info';
import { AuthorizationAttributes, AuthorizationDecision, Authorizer, NamespaceScope } from './authorizer';

/** Told of each allow or deny and which authorizer made it (apiserver_authorization_decisions_total). */
export type DecisionObserver = (authorizer: string, decision: 'allowed' | 'denied') => void;

export class UnionAuthorizer implements Authorizer {
  readonly name: string;

  constructor(
    private readonly authorizers: readonly Authorizer[],
    private readonly observe?: DecisionObserver,
  ) {
    this.name = authorizers.map((a) => a.name).join(',');
  }

  async authorize(attributes: AuthorizationAttributes): Promise<AuthorizationDecision> {
    const reasons: string[] = [];
    for (const authorizer of this.authorizers) {
      const decision = await authorizer.authorize(attributes);
      if (decision.decision !== 'no-opinion') {
        this.observe?.(authorizer.name, decision.decision === 'allow' ? 'allowed' : 'denied');
        return decision;
      }
      if (decision.reason) reasons.push(decision.reason);
    }
    return reasons.length
      ? { decision: 'no-opinion', reason: reasons.join(', ') }
      : { decision: 'no-opinion' };
  }

  /** The widest scope any member grants: 'all', or the union of their namespaces. */
  async namespacesAllowing(attributes: AuthorizationAttributes): Promise<NamespaceScope> {
    const namespaces = new Set<string>();
    for (const authorizer of this.authorizers) {
      if (!authorizer.namespacesAllowing) continue;
      const scope = await authorizer.namespacesAllowing(attributes);
      if (scope === 'all') return 'all';
      for (const ns of scope) namespaces.add(ns);
    }
    return namespaces;
  }
}

/** Allows members of system:masters everything, before any mode is asked. */
export const privilegedGroupAuthorizer: Authorizer = {
  name: 'privileged-group',
  authorize: ({ user }) =>
    Promise.resolve(
      user.groups.includes(WellKnown.mastersGroup)
        ? { decision: 'allow', reason: '' }
        : { decision: 'no-opinion' },
    ),
  namespacesAllowing: ({ user }) => (user.groups.includes(WellKnown.mastersGroup) ? 'all' : new Set()),
};

/** AUTHORIZATION_MODE=AlwaysAllow: everything (a playground without RBAC). */
export const alwaysAllowAuthorizer: Authorizer = {
  name: 'AlwaysAllow',
  authorize: () => Promise.resolve({ decision: 'allow', reason: '' }),
  namespacesAllowing: () => 'all',
};

/** The chain for AUTHORIZATION_MODE (`Node,RBAC`), system:masters first. */
export function authorizerChain(
  modes: readonly AuthorizationMode[],
  authorizers: { Node: Authorizer; RBAC: Authorizer },
  observe?: DecisionObserver,
): UnionAuthorizer {
  const byMode = (mode: AuthorizationMode): Authorizer =>
    mode === 'AlwaysAllow' ? alwaysAllowAuthorizer : authorizers[mode];
  return new UnionAuthorizer([privilegedGroupAuthorizer, ...modes.map(byMode)], observe);
}
