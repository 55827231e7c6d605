/**
 * The authorizer contract (k8s.io/apiserver authorizer.Authorizer): what a request asks to do,
 * and a decision. Authorizers run in order (AUTHORIZATION_MODE, `Node,RBAC`); the first that
 * allows or denies decides, and a request nobody allows is forbidden.
 */
import { UserInfo } from '../authentication/user-info';

export interface AuthorizationAttributes {
  user: UserInfo;
  /** get, list, watch, create, update, patch, delete, deletecollection; impersonate, bind, escalate; or an HTTP verb (lowercase) for non-resource paths. */
  verb: string;
  /** True for /api and /apis paths that address a resource; false for /version, /metrics, discovery. */
  resourceRequest: boolean;
  /** For non-resource requests: the path (`/metrics`). */
  path?: string;
  apiGroup?: string;
  apiVersion?: string;
  resource?: string;
  subresource?: string;
  /** Empty or undefined for cluster-scoped resources and for requests across all namespaces. */
  namespace?: string;
  name?: string;
}

export type AuthorizationDecision =
  | { decision: 'allow'; reason: string }
  | { decision: 'deny'; reason: string }
  | { decision: 'no-opinion'; reason?: string };

export interface Authorizer {
  readonly name: string;
  authorize(attributes: AuthorizationAttributes): Promise<AuthorizationDecision>;
  /**
   * For a list or watch across all namespaces that is not allowed cluster-wide: the namespaces
   * where it is allowed (RBAC's RoleBindings), so the answer holds only what the user may read.
   */
  namespacesAllowing?(attributes: AuthorizationAttributes): Promise<NamespaceScope> | NamespaceScope;
}

/** The Nest token of the apiserver's authorizer chain (AUTHORIZATION_MODE). */
export const AUTHORIZER = Symbol('AUTHORIZER');

/** Where a list or watch across all namespaces may look: everywhere, or only these namespaces. */
export type NamespaceScope = 'all' | ReadonlySet<string>;

/** Kubernetes' 403 message: `pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "b"`. */
export function forbiddenMessage(attributes: AuthorizationAttributes, reason?: string): string {
  const user = `User "${attributes.user.username}"`;
  let message: string;
  if (!attributes.resourceRequest) {
    message = `forbidden: ${user} cannot ${attributes.verb} path "${attributes.path}"`;
  } else {
    const resource = attributes.subresource
      ? `${attributes.resource}/${attributes.subresource}`
      : attributes.resource!;
    const subject = attributes.name
      ? `${attributes.resource}${attributes.apiGroup ? '.' + attributes.apiGroup : ''} "${attributes.name}"`
      : `${attributes.resource}${attributes.apiGroup ? '.' + attributes.apiGroup : ''}`;
    const scope = attributes.namespace
      ? ` in the namespace "${attributes.namespace}"`
      : ' at the cluster scope';
    message = `${subject} is forbidden: ${user} cannot ${attributes.verb} resource "${resource}" in API group "${attributes.apiGroup ?? ''}"${scope}`;
  }
  return reason ? `${message}: ${reason}` : message;
}
