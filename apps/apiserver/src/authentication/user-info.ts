/**
 * Who is asking, as Kubernetes' authenticators hand it on (k8s.io/apiserver user.Info): a user
 * name, an optional uid, and groups. Every authenticated user is also in system:authenticated.
 */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** The well-known names Kubernetes gives users and groups. */
export const WellKnown = {
  anonymousUser: 'system:anonymous',
  unauthenticatedGroup: 'system:unauthenticated',
  authenticatedGroup: 'system:authenticated',
  /** Members are allowed everything, before RBAC is asked (Kubernetes' privileged group). */
  mastersGroup: 'system:masters',
  nodesGroup: 'system:nodes',
  nodeUserPrefix: 'system:node:',
  serviceAccountPrefix: 'system:serviceaccount:',
  serviceAccountsGroup: 'system:serviceaccounts',
} as const;

export const anonymousUser: UserInfo = {
  username: WellKnown.anonymousUser,
  groups: [WellKnown.unauthenticatedGroup],
};

/** Adds system:authenticated, as Kubernetes' authenticator chain does for every identified user. */
export function withAuthenticatedGroup(user: UserInfo): UserInfo {
  return user.groups.includes(WellKnown.authenticatedGroup)
    ? user
    : { ...user, groups: [...user.groups, WellKnown.authenticatedGroup] };
}

/** The node a `system:node:<name>` user (in system:nodes) speaks for, else undefined. */
export function nodeNameOf(user: UserInfo): string | undefined {
  if (!user.groups.includes(WellKnown.nodesGroup)) return undefined;
  if (!user.username.startsWith(WellKnown.nodeUserPrefix)) return undefined;
  return user.username.slice(WellKnown.nodeUserPrefix.length) || undefined;
}
