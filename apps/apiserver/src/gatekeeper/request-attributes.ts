/**
 * What a request asks to do, in the authorizer's terms (Kubernetes' RequestInfo → Attributes):
 * resource requests from /api and /apis paths, the chaos endpoints as creating ChaosExperiments,
 * and everything else as a non-resource path with the HTTP method as verb.
 */
import type { Request } from 'express';
import { AuthorizationAttributes } from '../authorization/authorizer';
import { parseRequestInfo } from '../http/request-info';

export type RequestAttributes = Omit<AuthorizationAttributes, 'user'>;

/**
 * Paths anyone may read without a token (Kubernetes' system:public-info-viewer), and the web
 * dashboard's own files: they hold no cluster data, and every API call the page makes needs a token.
 */
export function isPublicPath(method: string, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (['/healthz', '/livez', '/readyz', '/version'].includes(path)) return true;
  if (/^\/(healthz|livez|readyz)\/[^/]+$/.test(path) || path === '/version/') return true;
  return path === '/ui' || path.startsWith('/ui/');
}

export function requestAttributes(req: Request, url: URL): RequestAttributes {
  const path = url.pathname;
  if (path === '/chaos/v1' || path.startsWith('/chaos/v1/')) {
    // Every chaos endpoint needs the right to create ChaosExperiments where it would create one.
    return {
      verb: 'create',
      resourceRequest: true,
      apiGroup: 'chaos.orchestra.dev',
      apiVersion: 'v1alpha1',
      resource: 'chaosexperiments',
      namespace: url.searchParams.get('namespace') || 'default',
    };
  }
  const info = parseRequestInfo(req.method, path, url.searchParams)?.resource;
  if (!info) return { verb: req.method.toLowerCase(), resourceRequest: false, path };
  return {
    verb: info.verb,
    resourceRequest: true,
    apiGroup: info.group,
    apiVersion: info.version,
    resource: info.resource,
    subresource: info.subresource,
    namespace: info.namespace,
    name: info.name,
  };
}

/** True for lists and watches across all namespaces: answered with what the user may read. */
export function spansNamespaces(attributes: RequestAttributes, namespaced: boolean): boolean {
  return (
    attributes.resourceRequest &&
    namespaced &&
    !attributes.namespace &&
    (attributes.verb === 'list' || attributes.verb === 'watch')
  );
}
