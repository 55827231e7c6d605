/**
 * The apiserver's gatekeeper, run before every route (Kubernetes' handler chain of filters):
 * who is asking (authentication; 401), as whom (impersonation), is there room (max in-flight;
 * 429), and may they (authorization; 403 with Kubernetes' message; an allowed chaos injection
 * then takes one of the user's chaos points, or 429). The request timeout and the audit record
 * start first (request-limits.ts). Lists and watches across all namespaces by a user who may
 * read only some namespaces go on with those namespaces only.
 */
import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { ApiError, ResourceCatalog } from '@orchestra/api';
import { LOGGER, Logger } from '@orchestra/observability';
import type { NextFunction, Request, Response } from 'express';
import { ApiserverConfig } from '../apiserver.config';
import { authenticationFailureOf, RequestAuthenticator } from '../authentication/request-authenticator';
import { anonymousUser, UserInfo } from '../authentication/user-info';
import {
  AuthorizationAttributes,
  Authorizer,
  AUTHORIZER,
  forbiddenMessage,
  NamespaceScope,
} from '../authorization/authorizer';
import { AuditRecord } from '../audit/audit.logger';
import { sendError } from '../http/api-response';
import { impersonatedUser } from './impersonation';
import { isPublicPath, requestAttributes, spansNamespaces } from './request-attributes';
import { setRequestIdentity } from './request-identity';
import { RequestLimits } from './request-limits';

@Injectable()
export class GatekeeperMiddleware implements NestMiddleware {
  constructor(
    @Inject(ApiserverConfig) private readonly config: ApiserverConfig,
    @Inject(RequestAuthenticator) private readonly authenticator: RequestAuthenticator,
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
    @Inject(ResourceCatalog) private readonly catalog: ResourceCatalog,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RequestLimits) private readonly limits: RequestLimits,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const audit = this.limits.begin(req, res);
    this.admit(req, res, audit).then(
      () => next(),
      (error: unknown) => void sendError(res, error),
    );
  }

  private async admit(req: Request, res: Response, audit: AuditRecord): Promise<void> {
    const url = new URL(req.originalUrl, 'http://apiserver');
    const authenticated = await this.authenticated(req, url);
    const publicPath = isPublicPath(req.method, url.pathname);
    if (!authenticated && !publicPath && !this.config.gatekeeper.anonymousAuth) {
      throw ApiError.unauthorized();
    }
    const requester = authenticated ?? anonymousUser;
    const impersonated = await impersonatedUser(req.headers, requester, this.authorizer);
    const user = impersonated ?? requester;
    const identity = { user, impersonatedBy: impersonated ? requester : undefined };
    this.limits.acquire(req, res, identity, audit);
    if (publicPath) return setRequestIdentity(req, identity);

    const attributes: AuthorizationAttributes = { ...requestAttributes(req, url), user };
    const decision = await this.authorizer.authorize(attributes);
    if (decision.decision === 'allow') {
      await this.limits.afterAuthorization(audit, req, user, 'allow', decision.reason);
      return setRequestIdentity(req, { ...identity, namespaceScope: 'all' });
    }
    const scope = await this.namespaceScope(attributes);
    if (decision.decision === 'no-opinion' && scope) {
      await this.limits.afterAuthorization(audit, req, user, 'allow', 'allowed in the readable namespaces');
      return setRequestIdentity(req, { ...identity, namespaceScope: scope });
    }
    await this.limits.afterAuthorization(audit, req, user, 'forbid', decision.reason ?? '');
    throw ApiError.forbidden(forbiddenMessage(attributes, decision.reason));
  }

  private async authenticated(req: Request, url: URL): Promise<UserInfo | undefined> {
    try {
      return await this.authenticator.authenticate(req);
    } catch (error) {
      const reason = authenticationFailureOf(error);
      if (reason) {
        this.logger.info('Unable to authenticate the request', {
          reason,
          path: url.pathname,
          userAgent: req.headers['user-agent'],
          sourceIP: req.socket.remoteAddress,
        });
      }
      throw error;
    }
  }

  /** For a list or watch across all namespaces: the namespaces where it is allowed, if any. */
  private async namespaceScope(attributes: AuthorizationAttributes): Promise<NamespaceScope | undefined> {
    const def = attributes.resource
      ? this.catalog.find(attributes.apiGroup ?? '', attributes.apiVersion ?? '', attributes.resource)
      : undefined;
    if (!def || !spansNamespaces(attributes, def.namespaced) || !this.authorizer.namespacesAllowing)
      return undefined;
    const scope = await this.authorizer.namespacesAllowing(attributes);
    return scope === 'all' || scope.size > 0 ? scope : undefined;
  }
}
