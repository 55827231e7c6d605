/**
 * Kubernetes' audit.k8s.io/v1 Event, field for field (k8s.io/apiserver/pkg/apis/audit/v1), and
 * the pure functions that fill it from a request: the verb and objectRef as Kubernetes'
 * RequestInfo reads the path, sourceIPs as utilnet.SourceIPs, RFC 3339 times with microseconds.
 */
import type { IncomingMessage } from 'node:http';
import type { AuditLevel } from '../apiserver.config';
import type { UserInfo } from '../authentication/user-info';
import { parseRequestInfo, ResourceRequestInfo } from '../http/request-info';

export type AuditStage = 'RequestReceived' | 'ResponseStarted' | 'ResponseComplete' | 'Panic';

/** authentication.k8s.io/v1 UserInfo, as the event carries it. */
export interface AuditUser {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export interface AuditObjectReference {
  resource?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiGroup?: string;
  apiVersion?: string;
  resourceVersion?: string;
  subresource?: string;
}

export interface AuditResponseStatus {
  metadata: Record<string, never>;
  status?: string;
  message?: string;
  reason?: string;
  details?: unknown;
  code?: number;
}

export interface AuditEvent {
  kind: 'Event';
  apiVersion: 'audit.k8s.io/v1';
  level: AuditLevel;
  auditID: string;
  stage: AuditStage;
  requestURI: string;
  verb: string;
  user: AuditUser;
  impersonatedUser?: AuditUser;
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: AuditObjectReference;
  responseStatus?: AuditResponseStatus;
  requestObject?: unknown;
  responseObject?: unknown;
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}

export const auditAnnotations = {
  decision: 'authorization.k8s.io/decision',
  reason: 'authorization.k8s.io/reason',
} as const;

/** The event's user: what Kubernetes' UserInfo serializes (empty fields left out). */
export function auditUserOf(user: UserInfo | undefined): AuditUser {
  if (!user) return {};
  return {
    username: user.username,
    ...(user.uid ? { uid: user.uid } : {}),
    ...(user.groups.length ? { groups: [...user.groups] } : {}),
    ...(user.extra && Object.keys(user.extra).length ? { extra: user.extra } : {}),
  };
}

/**
 * The verb and objectRef of a request. Resource requests get Kubernetes' verb (get, list, watch,
 * create, update, patch, delete, deletecollection); `POST /chaos/v1/<action>` is the ChaosExperiment
 * create it is; anything else is a non-resource request, its verb the lowercase HTTP method.
 */
export function describeRequest(
  method: string,
  url: URL,
  /** The path's RequestInfo, if the caller parsed it already. */
  parsed: ResourceRequestInfo | undefined | null = null,
): { verb: string; objectRef?: AuditObjectReference } {
  if (method === 'POST' && /^\/chaos\/v1\/[^/]+\/?$/.test(url.pathname)) {
    return {
      verb: 'create',
      objectRef: {
        resource: 'chaosexperiments',
        namespace: url.searchParams.get('namespace') || 'default',
        apiGroup: 'chaos.orchestra.dev',
        apiVersion: 'v1alpha1',
      },
    };
  }
  const resource =
    parsed === null ? parseRequestInfo(method, url.pathname, url.searchParams)?.resource : parsed;
  if (!resource || resource.verb === 'unknown') return { verb: method.toLowerCase() };
  return {
    verb: resource.verb,
    objectRef: dropEmpty({
      resource: resource.resource,
      namespace: resource.namespace,
      name: resource.name,
      apiGroup: resource.group,
      apiVersion: resource.version,
      subresource: resource.subresource,
    }),
  };
}

/**
 * Fills what the path could not say from the request or response object (a create names its
 * object in the body, or gets a generated name), as Kubernetes' LogRequestObject does.
 */
export function completeObjectRef(ref: AuditObjectReference, object: unknown): void {
  const metadata = (object as { metadata?: Record<string, unknown> } | undefined)?.metadata;
  if (!metadata || typeof metadata !== 'object') return;
  const text = (key: string) =>
    typeof metadata[key] === 'string' && metadata[key] ? metadata[key] : undefined;
  ref.name ??= text('name');
  ref.namespace ??= text('namespace');
  ref.uid ??= text('uid');
  ref.resourceVersion ??= text('resourceVersion');
}

/** X-Forwarded-For's addresses, then X-Real-Ip, then the peer's, without repeats (utilnet.SourceIPs). */
export function sourceIPsOf(req: IncomingMessage): string[] {
  const ips: string[] = [];
  const add = (ip: string | undefined) => {
    const clean = ip?.trim().replace(/^::ffff:/, '');
    if (clean && !ips.includes(clean)) ips.push(clean);
  };
  const forwarded = req.headers['x-forwarded-for'];
  for (const ip of (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',')) add(ip);
  const realIp = req.headers['x-real-ip'];
  add(Array.isArray(realIp) ? realIp[0] : realIp);
  add(req.socket?.remoteAddress);
  return ips;
}

/** RFC 3339 with microseconds, as Kubernetes' MicroTime: `2026-11-24T13:24:45.123456Z`. */
export function microTime(epochMs: number): string {
  const wholeMs = Math.floor(epochMs);
  const micros = Math.floor((epochMs - wholeMs) * 1000);
  const iso = new Date(wholeMs).toISOString(); // …T13:24:45.123Z
  return `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}

function dropEmpty<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}
