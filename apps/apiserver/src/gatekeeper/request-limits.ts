/**
 * The gatekeeper's limits and audit in the order of Kubernetes' handler chain, as three calls so
 * the middleware stays short:
 *
 *   begin(req, res)             first: the request timeout's clock and the audit record
 *                               (Audit-ID header; the event is written when the response closes,
 *                               with the user the request identity names by then)
 *   acquire(req, res, identity, record)
 *                               after authentication and impersonation: the users into the audit
 *                               record, then a max-in-flight slot, or 429
 *   afterAuthorization(...)     the decision into the audit record, then, for an allowed chaos
 *                               injection, one of the user's chaos points, or 429
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuditRecord, AuditLogger, auditLoggerProviders } from '../audit/audit.logger';
import { UserInfo } from '../authentication/user-info';
import { ChaosRateLimiter, chaosRateLimiterProvider, isChaosInjection } from './chaos-rate-limit';
import { MaxInFlightLimiter, maxInFlightLimiterProvider } from './max-in-flight';
import { RequestIdentity } from './request-identity';
import { parsedRequest } from './request-kind';
import { RequestTimeout, requestTimeoutProvider } from './request-timeout';

@Injectable()
export class RequestLimits {
  constructor(
    @Inject(MaxInFlightLimiter) private readonly inFlight: MaxInFlightLimiter,
    @Inject(RequestTimeout) private readonly timeout: RequestTimeout,
    @Inject(ChaosRateLimiter) private readonly chaos: ChaosRateLimiter,
    @Inject(AuditLogger) private readonly audit: AuditLogger,
  ) {}

  /** Before anything else (authentication included): the timeout's clock, the audit record. */
  begin(req: Request, res: Response): AuditRecord {
    this.timeout.arm(req, res);
    return this.audit.track(req, res);
  }

  /**
   * The users into the audit record (so a 403 or 429 is audited with them), then a max-in-flight
   * slot for the request until its response closes; throws the 429 when full.
   */
  acquire(req: Request, res: Response, identity: RequestIdentity, record: AuditRecord): void {
    record.identify(identity.impersonatedBy ?? identity.user, identity.impersonatedBy && identity.user);
    this.inFlight.acquire(req, res, identity.user);
  }

  /**
   * Records the authorizer's decision; for an allowed chaos injection takes one of `user`'s
   * points (throws the 429 beyond CHAOS_REQUESTS_PER_USER_PER_MINUTE).
   */
  async afterAuthorization(
    record: AuditRecord,
    req: Request,
    user: UserInfo,
    decision: 'allow' | 'forbid',
    reason: string,
  ): Promise<void> {
    record.authorized(decision, reason);
    if (decision !== 'allow') return;
    if (isChaosInjection(req.method, parsedRequest(req).url)) {
      await this.chaos.consume(user.username);
    }
  }
}

/** Everything RequestLimits needs, for the apiserver module's providers. */
export const requestLimitsProviders = [
  maxInFlightLimiterProvider,
  requestTimeoutProvider,
  chaosRateLimiterProvider,
  ...auditLoggerProviders,
  RequestLimits,
];
