/**
 * What the gatekeeper learned about a request, kept on the request for the handlers behind it:
 * the user it acts as (after impersonation), the user who authenticated (when impersonating),
 * and, for lists and watches across all namespaces, the namespaces the user may read.
 */
import type { IncomingMessage } from 'node:http';
import { UserInfo } from '../authentication/user-info';
import { NamespaceScope } from '../authorization/authorizer';

export interface RequestIdentity {
  /** The user the request acts as. */
  user: UserInfo;
  /** The user who authenticated, when they impersonate `user`. */
  impersonatedBy?: UserInfo;
  /** Set on lists and watches of namespaced resources across all namespaces. */
  namespaceScope?: NamespaceScope;
}

const identities = new WeakMap<IncomingMessage, RequestIdentity>();

export function setRequestIdentity(req: IncomingMessage, identity: RequestIdentity): void {
  identities.set(req, identity);
}

export function requestIdentityOf(req: IncomingMessage): RequestIdentity | undefined {
  return identities.get(req);
}

/** True when an object in `namespace` may be shown to the request's user. */
export function namespaceVisible(scope: NamespaceScope | undefined, namespace: string | undefined): boolean {
  if (scope === undefined || scope === 'all') return true;
  return namespace !== undefined && scope.has(namespace);
}
