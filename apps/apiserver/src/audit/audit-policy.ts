/**
 * Orchestra's audit policy (what a Kubernetes audit Policy file would say): the probes and
 * /metrics are not audited (None), chaos is always audited with its request and response
 * (RequestResponse), Secrets, TokenReviews and TokenRequests at most at Metadata (their bodies
 * are credentials, as in Kubernetes' own example policies), everything else at AUDIT_LEVEL.
 */
import type { AuditLevel } from '../apiserver.config';

export const auditLevels: readonly AuditLevel[] = ['None', 'Metadata', 'Request', 'RequestResponse'];

/** True when `level` records at least as much as `least` (Request includes Metadata, …). */
export function levelAtLeast(level: AuditLevel, least: AuditLevel): boolean {
  return auditLevels.indexOf(level) >= auditLevels.indexOf(least);
}

export function isChaosRequest(pathname: string): boolean {
  if (pathname === '/chaos/v1' || pathname.startsWith('/chaos/v1/')) return true;
  // /apis/chaos.orchestra.dev/<version>/[namespaces/<ns>/]chaosexperiments[/...]
  return /^\/apis\/chaos\.orchestra\.dev\/[^/]+\/(watch\/)?(namespaces\/[^/]+\/)?chaosexperiments(\/|$)/.test(
    pathname,
  );
}

/** Requests whose bodies carry credentials: secrets, tokenreviews, serviceaccounts/<name>/token. */
export function carriesCredentials(pathname: string): boolean {
  if (/^\/api\/v1\/(watch\/)?(namespaces\/[^/]+\/)?secrets(\/|$)/.test(pathname)) return true;
  if (/^\/api\/v1\/namespaces\/[^/]+\/serviceaccounts\/[^/]+\/token\/?$/.test(pathname)) return true;
  return /^\/apis\/authentication\.k8s\.io\/[^/]+\/tokenreviews(\/|$)/.test(pathname);
}

export function auditLevelFor(pathname: string, defaultLevel: AuditLevel): AuditLevel {
  if (/^\/(healthz|livez|readyz)(\/[^/]*)?$/.test(pathname) || pathname === '/metrics') return 'None';
  if (isChaosRequest(pathname)) return 'RequestResponse';
  // Whatever AUDIT_LEVEL says, never a body.
  if (carriesCredentials(pathname) && levelAtLeast(defaultLevel, 'Metadata')) return 'Metadata';
  return defaultLevel;
}
