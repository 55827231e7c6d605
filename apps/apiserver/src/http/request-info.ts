/**
 * Parses an API path the way Kubernetes' RequestInfoFactory does:
 *   /api/v1/namespaces/{ns}/pods/{name}/{subresource}
 *   /apis/{group}/{version}/namespaces/{ns}/{resource}/{name}
 *   /api/v1/{clusterResource}/{name}, /api/v1/pods (all namespaces), and legacy /watch/ paths.
 */
export type RequestVerb =
  'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection' | 'unknown';

export interface ResourceRequestInfo {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  verb: RequestVerb;
}

export interface RequestInfo {
  /** Set for requests addressed to a resource; undefined for discovery paths like /apis/apps. */
  resource?: ResourceRequestInfo;
  /** Path segments after /api or /apis, for discovery. */
  segments: string[];
  prefix: 'api' | 'apis';
}

export function parseRequestInfo(
  method: string,
  pathname: string,
  query: URLSearchParams,
): RequestInfo | undefined {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const prefix = parts.shift();
  if (prefix !== 'api' && prefix !== 'apis') return undefined;
  const segments = [...parts];
  const groupVersionLength = prefix === 'api' ? 1 : 2;
  if (parts.length <= groupVersionLength) return { prefix, segments };
  const group = prefix === 'api' ? '' : parts.shift()!;
  const version = parts.shift()!;

  let watchPath = false;
  if (parts[0] === 'watch') {
    watchPath = true;
    parts.shift();
  }
  let namespace: string | undefined;
  // `namespaces/{ns}/{resource}...` addresses a namespaced resource; `namespaces/{ns}` alone
  // (or with a subresource like `status`) addresses the Namespace object itself.
  if (parts[0] === 'namespaces' && parts.length >= 3 && !['status', 'finalize'].includes(parts[2])) {
    namespace = parts[1];
    parts.splice(0, 2);
  }
  const [resource, name, subresource, ...rest] = parts;
  if (!resource || rest.length > 0) return { prefix, segments };

  const watchRequested = watchPath || query.get('watch') === 'true' || query.get('watch') === '1';
  return {
    prefix,
    segments,
    resource: {
      group,
      version,
      namespace,
      resource,
      name,
      subresource,
      verb: verbFor(method, Boolean(name), watchRequested),
    },
  };
}

function verbFor(method: string, hasName: boolean, watch: boolean): RequestVerb {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) return 'watch';
      return hasName ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      return 'unknown';
  }
}
