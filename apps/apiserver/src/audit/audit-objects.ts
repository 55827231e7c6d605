/**
 * What the handlers learn that the audit record needs, kept beside the request and response
 * (the handlers read the body themselves, and write errors as a Status): the request object
 * (set by http/request-body.ts) and the Status of an error answer (set by sendError). The body
 * is kept as a decoder of the raw bytes, so the audit sees what the client sent (handlers default
 * the decoded object in place) and pays for a second decode only when it records the object.
 * Weak maps, so nothing outlives its request; no imports, so anyone may set them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The bounded fields of an error Status that an audit event's responseStatus carries. */
export interface AuditedStatus {
  status?: string;
  message?: string;
  reason?: string;
  details?: unknown;
  code?: number;
}

const requestObjects = new WeakMap<IncomingMessage, { decode: () => unknown; object?: { value: unknown } }>();
const responseStatuses = new WeakMap<ServerResponse, AuditedStatus>();

/** `decode` turns the raw body into the object again, when the audit asks for it. */
export function rememberRequestBody(req: IncomingMessage, decode: () => unknown): void {
  requestObjects.set(req, { decode });
}

/** The request's body as the client sent it, decoded (undefined without a body, or one that fails to decode). */
export function requestObjectOf(req: IncomingMessage): unknown {
  const kept = requestObjects.get(req);
  if (!kept) return undefined;
  if (!kept.object) {
    try {
      kept.object = { value: kept.decode() };
    } catch {
      kept.object = { value: undefined };
    }
  }
  return kept.object.value;
}

export function rememberResponseStatus(res: ServerResponse, status: AuditedStatus): void {
  responseStatuses.set(res, status);
}

export function responseStatusOf(res: ServerResponse): AuditedStatus | undefined {
  return responseStatuses.get(res);
}
