/**
 * The audit log (kube-apiserver's WithAudit filter and log backend): one audit.k8s.io/v1 Event
 * per request, written at stage ResponseComplete when the response closes (a watch or a followed
 * log when its stream ends: no ResponseStarted event). Every request gets an `Audit-ID` response
 * header (the client's own, if it sent one, as Kubernetes keeps it), audited or not.
 *
 *   const record = audit.track(req, res, { user, impersonatedUser });  // after authentication
 *   record.authorized('allow', 'RBAC: allowed by ClusterRoleBinding "..."');
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { LOGGER, Logger, METRICS_REGISTRY } from '@orchestra/observability';
import { Counter, Registry } from 'prom-client';
import { ApiserverConfig, type AuditLevel } from '../apiserver.config';
import type { UserInfo } from '../authentication/user-info';
import { requestIdentityOf } from '../gatekeeper/request-identity';
import { parsedRequest } from '../gatekeeper/request-kind';
import { auditBackendFor, AuditBackend } from './audit-backend';
import {
  auditAnnotations,
  AuditEvent,
  AuditResponseStatus,
  auditUserOf,
  completeObjectRef,
  describeRequest,
  microTime,
  sourceIPsOf,
} from './audit-event';
import { requestObjectOf, responseStatusOf } from './audit-objects';
import { auditLevelFor, levelAtLeast } from './audit-policy';
import { captureResponseBody, ResponseCapture } from './response-capture';

export const auditIdHeader = 'Audit-ID';
export const truncatedAnnotation = 'audit.k8s.io/truncated';
/**
 * Docker's logging drivers split lines longer than 16 KiB into parts, which Fluentd would no
 * longer parse as JSON: events written to stdout stay under it.
 */
export const stdoutMaxEventBytes = 16 * 1024 - 1 - 256; // room for the log-line fields (audit-backend.ts)

export interface AuditBeginInfo {
  /** The user who authenticated; unset, the request's identity (request-identity.ts) when it finishes. */
  user?: UserInfo;
  /** The user they act as, when impersonating. */
  impersonatedUser?: UserInfo;
}

/** One request's audit record, from begin to finish. */
export class AuditRecord {
  readonly annotations: Record<string, string> = {};
  capture?: ResponseCapture;
  finished = false;

  constructor(
    readonly req: IncomingMessage,
    readonly level: AuditLevel,
    readonly auditID: string,
    readonly receivedAt: number,
    public info: AuditBeginInfo,
  ) {}

  /** The users, once authentication and impersonation know them. */
  identify(user: UserInfo, impersonatedUser?: UserInfo): void {
    this.info = { user, impersonatedUser };
  }

  annotate(key: string, value: string): void {
    this.annotations[key] = value;
  }

  /** The authorizer's answer, under Kubernetes' annotation keys. */
  authorized(decision: 'allow' | 'forbid', reason: string): void {
    this.annotate(auditAnnotations.decision, decision);
    if (reason) this.annotate(auditAnnotations.reason, reason);
  }
}

export interface AuditLoggerOptions {
  /** AUDIT_LEVEL: the level of requests the policy does not single out. */
  level: AuditLevel;
  backend: AuditBackend;
  registry: Registry;
  logger?: Logger;
  /** Milliseconds since the epoch, with a fraction (for microsecond timestamps). */
  clock?: () => number;
  /** Response bodies larger than this are left out of responseObject. */
  maxResponseBytes?: number;
  /** Events larger than this lose their objects (unset: no limit); see `truncated`. */
  maxEventBytes?: number;
}

const preciseNow = () => performance.timeOrigin + performance.now();

export class AuditLogger {
  private closed = false;
  private readonly events: Counter;
  private readonly errors: Counter<'plugin'>;
  private readonly levels: Counter<'level'>;
  private readonly clock: () => number;

  constructor(private readonly options: AuditLoggerOptions) {
    this.clock = options.clock ?? preciseNow;
    this.events = new Counter({
      name: 'apiserver_audit_event_total',
      help: 'Counter of audit events generated and sent to the audit backend.',
      registers: [options.registry],
    });
    this.errors = new Counter({
      name: 'apiserver_audit_error_total',
      help: 'Counter of audit events that failed to be audited properly. Plugin identifies the plugin affected by the error.',
      labelNames: ['plugin'],
      registers: [options.registry],
    });
    this.levels = new Counter({
      name: 'apiserver_audit_level_total',
      help: 'Counter of policy levels for audit events (1 per request).',
      labelNames: ['level'],
      registers: [options.registry],
    });
    this.errors.inc({ plugin: 'log' }, 0);
  }

  /** Starts the request's record: its level from the policy, its audit ID. */
  begin(req: IncomingMessage, info: AuditBeginInfo = {}): AuditRecord {
    const level = auditLevelFor(parsedRequest(req).url.pathname, this.options.level);
    const given = req.headers[auditIdHeader.toLowerCase()];
    const auditID = typeof given === 'string' && given && given.length <= 64 ? given : randomUUID();
    return new AuditRecord(req, level, auditID, this.clock(), info);
  }

  /**
   * begin, the Audit-ID header, the response body's capture (RequestResponse level), and finish
   * once the response closes: what the gatekeeper calls.
   */
  track(req: IncomingMessage, res: ServerResponse, info: AuditBeginInfo = {}): AuditRecord {
    const record = this.begin(req, info);
    if (!res.headersSent) res.setHeader(auditIdHeader, record.auditID);
    if (record.level === 'RequestResponse' && !parsedRequest(req).longRunning) {
      record.capture = captureResponseBody(res, this.options.maxResponseBytes ?? 3 * 1024 * 1024);
    }
    res.once('close', () => this.finish(record, res));
    return record;
  }

  /** Writes the record's ResponseComplete event (once; nothing at level None). */
  finish(record: AuditRecord, res: ServerResponse): void {
    // Connections that close while the apiserver shuts down have nowhere to be written to.
    if (record.finished || this.closed) return;
    record.finished = true;
    this.levels.inc({ level: record.level });
    if (record.level === 'None') return;
    let line: string;
    try {
      line = this.truncated(this.event(record, res));
    } catch (error) {
      return this.failed(error as Error);
    }
    this.events.inc();
    this.options.backend.write(line, (error) => this.failed(error));
  }

  private event(record: AuditRecord, res: ServerResponse): AuditEvent {
    const { req, level } = record;
    const { url, resource } = parsedRequest(req);
    const { verb, objectRef } = describeRequest(req.method ?? 'GET', url, resource);
    // Decoded again only when the event shows it, or a create's name is only in the body.
    const needsBody = levelAtLeast(level, 'Request') || (verb === 'create' && !objectRef?.name);
    const requestObject = needsBody ? requestObjectOf(req) : undefined;
    const responseObject = record.capture?.object(res);
    if (objectRef) {
      completeObjectRef(objectRef, requestObject);
      if (verb === 'create') completeObjectRef(objectRef, responseObject);
    }
    const identity = requestIdentityOf(req);
    const user = record.info.user ?? identity?.impersonatedBy ?? identity?.user;
    const impersonated = record.info.user
      ? record.info.impersonatedUser
      : identity?.impersonatedBy
        ? identity.user
        : undefined;
    const userAgent = req.headers['user-agent'];
    const annotations = record.annotations;
    return {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level,
      auditID: record.auditID,
      stage: 'ResponseComplete',
      requestURI: (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/',
      verb,
      user: auditUserOf(user),
      ...(impersonated ? { impersonatedUser: auditUserOf(impersonated) } : {}),
      sourceIPs: sourceIPsOf(req),
      ...(userAgent ? { userAgent } : {}),
      ...(objectRef ? { objectRef } : {}),
      responseStatus: responseStatus(res),
      ...(levelAtLeast(level, 'Request') && requestObject !== undefined ? { requestObject } : {}),
      ...(level === 'RequestResponse' && responseObject !== undefined ? { responseObject } : {}),
      requestReceivedTimestamp: microTime(record.receivedAt),
      stageTimestamp: microTime(this.clock()),
      ...(Object.keys(annotations).length ? { annotations: { ...annotations } } : {}),
    };
  }

  /**
   * The event's JSON line, within maxEventBytes as Kubernetes' truncate backend does it: first
   * without requestObject and responseObject (annotated audit.k8s.io/truncated), else an error.
   */
  private truncated(event: AuditEvent): string {
    const line = JSON.stringify(event);
    const max = this.options.maxEventBytes;
    if (max === undefined || Buffer.byteLength(line) <= max) return line;
    const { requestObject: _request, responseObject: _response, ...rest } = event;
    const smaller = JSON.stringify({
      ...rest,
      annotations: { ...event.annotations, [truncatedAnnotation]: 'true' },
    });
    if (Buffer.byteLength(smaller) <= max) return smaller;
    throw new Error(`audit event ${event.auditID} is larger than ${max} bytes even without its objects`);
  }

  private failed(error: Error): void {
    this.errors.inc({ plugin: 'log' });
    this.options.logger?.error('could not write an audit event', { error });
  }

  close(): Promise<void> {
    this.closed = true;
    return this.options.backend.close();
  }
}

/** Success: `{metadata: {}, code}`; an error answered as a Status: its bounded fields too. */
function responseStatus(res: ServerResponse): AuditResponseStatus {
  const status = responseStatusOf(res);
  if (!status) return { metadata: {}, code: res.statusCode };
  return {
    metadata: {},
    ...(status.status ? { status: status.status } : {}),
    ...(status.message ? { message: status.message } : {}),
    ...(status.reason ? { reason: status.reason } : {}),
    ...(status.details && Object.keys(status.details).length ? { details: status.details } : {}),
    code: res.statusCode,
  };
}

/** The Nest provider: the policy's default level and the backend from AUDIT_LEVEL and AUDIT_LOG_PATH. */
@Injectable()
export class AuditLoggerLifecycle implements OnApplicationShutdown {
  constructor(@Inject(AuditLogger) private readonly audit: AuditLogger) {}

  async onApplicationShutdown(): Promise<void> {
    await this.audit.close();
  }
}

export const auditLoggerProviders = [
  {
    provide: AuditLogger,
    inject: [ApiserverConfig, METRICS_REGISTRY, LOGGER],
    useFactory: (config: ApiserverConfig, registry: Registry, logger: Logger) =>
      new AuditLogger({
        level: config.gatekeeper.auditLevel,
        backend: auditBackendFor(config.gatekeeper.auditLogPath),
        maxEventBytes: config.gatekeeper.auditLogPath === '-' ? stdoutMaxEventBytes : undefined,
        registry,
        logger,
      }),
  },
  AuditLoggerLifecycle,
];
