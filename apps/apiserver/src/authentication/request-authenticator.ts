/**
 * Kubernetes' authenticator chain for bearer tokens: the static token file, then ServiceAccount
 * tokens. A request without a token is anonymous (allowed only where the gatekeeper says so); a
 * token nobody recognises, or an expired one, is 401.
 */
import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { ApiError, ResourceCatalog } from '@orchestra/api';
import { LOGGER, Logger } from '@orchestra/observability';
import { RedisStore } from '@orchestra/store';
import { ApiserverConfig } from '../apiserver.config';
import { loadSigningKey } from './service-account-signing-key';
import { ServiceAccountTokens } from './service-account-tokens';
import { TokenFileAuthenticator } from './token-file.authenticator';
import { UserInfo, withAuthenticatedGroup } from './user-info';

@Injectable()
export class RequestAuthenticator {
  readonly serviceAccountTokens: ServiceAccountTokens;
  private readonly tokenFile?: TokenFileAuthenticator;

  constructor(
    @Inject(ApiserverConfig) config: ApiserverConfig,
    @Inject(RedisStore) store: RedisStore,
    @Inject(ResourceCatalog) catalog: ResourceCatalog,
    @Inject(LOGGER) logger: Logger,
  ) {
    const { tokenAuthFile, serviceAccountKeyFile, serviceAccountIssuer } = config.gatekeeper;
    this.tokenFile = tokenAuthFile ? new TokenFileAuthenticator(tokenAuthFile) : undefined;
    const key = loadSigningKey(serviceAccountKeyFile);
    if (!key.persistent) {
      logger.warn(
        'SERVICE_ACCOUNT_KEY_FILE is not set: ServiceAccount tokens are signed with a key made at start and stop working when this apiserver restarts',
      );
    }
    const accounts = catalog.find('', 'v1', 'serviceaccounts')!;
    this.serviceAccountTokens = new ServiceAccountTokens(key, serviceAccountIssuer, (namespace, name) =>
      store.get(accounts, namespace, name).then((sa) => (sa ? { uid: sa.metadata.uid } : undefined)),
    );
  }

  /** The request's user, undefined when it carries no token; 401 for a token that is no good. */
  async authenticate(req: IncomingMessage): Promise<UserInfo | undefined> {
    const token = bearerTokenOf(req.headers.authorization);
    if (token === undefined) return undefined;
    const fromFile = this.tokenFile?.authenticate(token);
    if (fromFile) return withAuthenticatedGroup(fromFile);
    const fromServiceAccount = await this.serviceAccountTokens.authenticate(token);
    if (fromServiceAccount instanceof Error) throw unauthorized(fromServiceAccount.message);
    if (fromServiceAccount) return withAuthenticatedGroup(fromServiceAccount);
    throw unauthorized('invalid bearer token');
  }
}

/** Kubernetes answers every authentication failure with the same body; the reason goes to the log and audit. */
function unauthorized(reason: string): ApiError {
  const error = ApiError.unauthorized();
  (error as ApiError & { authenticationFailure?: string }).authenticationFailure = reason;
  return error;
}

export function authenticationFailureOf(error: unknown): string | undefined {
  return (error as { authenticationFailure?: string }).authenticationFailure;
}

/** The token of an `Authorization: Bearer <token>` header; 401 for any other Authorization. */
function bearerTokenOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthorized('the Authorization header is not a bearer token');
  return match[1];
}
