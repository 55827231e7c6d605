/**
 * ServiceAccount tokens as Kubernetes' TokenRequest issues them: JWTs signed by the apiserver,
 * with an audience and an expiry, naming the account and its uid. A token is valid only while
 * the account it names still exists with that uid (a deleted and re-created account's old
 * tokens stop working), as Kubernetes checks for bound tokens.
 */
import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { SigningKey } from './service-account-signing-key';
import { UserInfo, WellKnown } from './user-info';

export interface ServiceAccountRef {
  namespace: string;
  name: string;
  uid: string;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** Looks the account up in the store: undefined when it is gone. */
export type ServiceAccountLookup = (namespace: string, name: string) => Promise<{ uid?: string } | undefined>;

interface KubernetesClaims {
  namespace: string;
  serviceaccount: { name: string; uid: string };
}

export class ServiceAccountTokens {
  constructor(
    private readonly key: SigningKey,
    readonly issuer: string,
    private readonly lookup: ServiceAccountLookup,
  ) {}

  /** The API's audience: tokens requested without audiences are for the apiserver itself. */
  get apiAudiences(): string[] {
    return [this.issuer];
  }

  async issue(
    account: ServiceAccountRef,
    expirationSeconds: number,
    audiences: string[] = this.apiAudiences,
    now = new Date(),
  ): Promise<IssuedToken> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = issuedAt + expirationSeconds;
    const claims: { 'kubernetes.io': KubernetesClaims } = {
      'kubernetes.io': {
        namespace: account.namespace,
        serviceaccount: { name: account.name, uid: account.uid },
      },
    };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: this.key.algorithm, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setSubject(`${WellKnown.serviceAccountPrefix}${account.namespace}:${account.name}`)
      .setAudience(audiences)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(randomUUID())
      .sign(this.key.privateKey);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  /**
   * The token's user; undefined when the token is not one of ours (not a JWT of this issuer), so
   * the next authenticator may try; an Error saying why when it is ours but no longer good.
   */
  async authenticate(token: string): Promise<UserInfo | undefined | Error> {
    if (token.split('.').length !== 3) return undefined;
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key.publicKey, {
        issuer: this.issuer,
        audience: this.apiAudiences,
        algorithms: [this.key.algorithm],
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) return new Error('service account token has expired');
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss') return undefined;
      return new Error(`invalid service account token: ${(error as Error).message}`);
    }
    const claims = payload['kubernetes.io'] as KubernetesClaims | undefined;
    const namespace = claims?.namespace;
    const name = claims?.serviceaccount?.name;
    if (!namespace || !name || payload.sub !== `${WellKnown.serviceAccountPrefix}${namespace}:${name}`) {
      return new Error('invalid service account token: the subject does not name a service account');
    }
    const account = await this.lookup(namespace, name);
    if (!account) return new Error(`service account ${namespace}/${name} has been deleted`);
    if (account.uid !== claims.serviceaccount.uid) {
      return new Error(
        `service account UID (${claims.serviceaccount.uid}) does not match the current account's (${account.uid})`,
      );
    }
    return {
      username: payload.sub,
      uid: account.uid,
      groups: [WellKnown.serviceAccountsGroup, `${WellKnown.serviceAccountsGroup}:${namespace}`],
    };
  }
}
