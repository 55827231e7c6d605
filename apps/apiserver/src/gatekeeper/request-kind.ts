/**
 * How the request limits see a request (Kubernetes' LongRunningRequestCheck and the max-in-flight
 * filter's read-only/mutating split): long-running requests (watches, followed log streams) and
 * the health probes are never limited nor timed out; everything else is read-only (GET, HEAD) or
 * mutating.
 */
import type { IncomingMessage } from 'node:http';
import { parseRequestInfo, ResourceRequestInfo } from '../http/request-info';

export type RequestKind = 'readOnly' | 'mutating';

const readOnlyMethods = new Set(['GET', 'HEAD']);

export function requestKindOf(method: string): RequestKind {
  return readOnlyMethods.has(method) ? 'readOnly' : 'mutating';
}

/** /healthz, /livez, /readyz and their checks (/readyz/etcd): answered whatever the load. */
export function isHealthProbe(pathname: string): boolean {
  return /^\/(healthz|livez|readyz)(\/[^/]*)?$/.test(pathname);
}

/** Watches (`?watch=true`, `/watch/` paths) and `follow=true` pod logs: streams that last. */
export function isLongRunning(method: string, url: URL): boolean {
  return longRunning(parseRequestInfo(method, url.pathname, url.searchParams)?.resource, url);
}

function longRunning(resource: ResourceRequestInfo | undefined, url: URL): boolean {
  if (!resource) return false;
  if (resource.verb === 'watch') return true;
  return resource.subresource === 'log' && isTrue(url.searchParams.get('follow'));
}

/** What the limits and the audit read of a request's URL, parsed once per request. */
export interface ParsedRequest {
  url: URL;
  /** Set for resource requests (/api, /apis paths that name a resource). */
  resource?: ResourceRequestInfo;
  longRunning: boolean;
  healthProbe: boolean;
}

const parsedRequests = new WeakMap<IncomingMessage, ParsedRequest>();

export function parsedRequest(req: IncomingMessage): ParsedRequest {
  let parsed = parsedRequests.get(req);
  if (!parsed) {
    const path = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    const url = new URL(path, 'http://apiserver');
    const resource = parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams)?.resource;
    parsed = {
      url,
      resource,
      longRunning: longRunning(resource, url),
      healthProbe: isHealthProbe(url.pathname),
    };
    parsedRequests.set(req, parsed);
  }
  return parsed;
}

/** Go's strconv.ParseBool true values, as the pod-log options read `follow`. */
function isTrue(value: string | null): boolean {
  return value !== null && ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value);
}
