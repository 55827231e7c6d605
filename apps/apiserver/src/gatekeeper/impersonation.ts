/**
 * Impersonation (kubectl --as / --as-group): a user allowed to `impersonate` users, groups and
 * uids acts as another, as Kubernetes' impersonation filter does; the audit log keeps both.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from '@orchestra/api';
import { UserInfo, WellKnown } from '../authentication/user-info';
import { AuthorizationAttributes, Authorizer, forbiddenMessage } from '../authorization/authorizer';

/** The user to act as, or undefined when the request does not impersonate anyone. */
export async function impersonatedUser(
  headers: IncomingHttpHeaders,
  requester: UserInfo,
  authorizer: Authorizer,
): Promise<UserInfo | undefined> {
  const username = single(headers['impersonate-user']);
  const groups = list(headers['impersonate-group']);
  const uid = single(headers['impersonate-uid']);
  if (username === undefined) {
    if (groups.length > 0 || uid !== undefined) {
      throw ApiError.badRequest('Impersonate-Group and Impersonate-Uid need Impersonate-User');
    }
    return undefined;
  }
  const checks: Omit<AuthorizationAttributes, 'user' | 'verb' | 'resourceRequest'>[] = [];
  const serviceAccount = serviceAccountOf(username);
  checks.push(
    serviceAccount
      ? {
          apiGroup: '',
          resource: 'serviceaccounts',
          namespace: serviceAccount.namespace,
          name: serviceAccount.name,
        }
      : { apiGroup: '', resource: 'users', name: username },
  );
  for (const group of groups) checks.push({ apiGroup: '', resource: 'groups', name: group });
  if (uid !== undefined) checks.push({ apiGroup: 'authentication.k8s.io', resource: 'uids', name: uid });
  for (const check of checks) {
    const attributes: AuthorizationAttributes = {
      ...check,
      user: requester,
      verb: 'impersonate',
      resourceRequest: true,
    };
    const decision = await authorizer.authorize(attributes);
    if (decision.decision !== 'allow')
      throw ApiError.forbidden(forbiddenMessage(attributes, decision.reason));
  }
  const impliedGroups = serviceAccount
    ? [WellKnown.serviceAccountsGroup, `${WellKnown.serviceAccountsGroup}:${serviceAccount.namespace}`]
    : [];
  const allGroups = [...new Set([...groups, ...impliedGroups])];
  // As Kubernetes: an impersonated user is authenticated, unless it is system:anonymous.
  if (username !== WellKnown.anonymousUser && !allGroups.includes(WellKnown.authenticatedGroup)) {
    allGroups.push(WellKnown.authenticatedGroup);
  }
  return { username, uid, groups: allGroups };
}

function serviceAccountOf(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(WellKnown.serviceAccountPrefix)) return undefined;
  const [namespace, name] = username.slice(WellKnown.serviceAccountPrefix.length).split(':');
  return namespace && name ? { namespace, name } : undefined;
}

function single(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v === '' ? undefined : v;
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  // Node joins repeated headers with ", ".
  return (Array.isArray(value) ? value : value.split(',')).map((v) => v.trim()).filter(Boolean);
}
