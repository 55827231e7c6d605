/**
 * POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token (TokenRequest; `kubectl create
 * token`): a signed token for the account, for the requested audiences and lifetime.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ApiError, FieldError, ResourceCatalog, ResourceDefinition } from '@orchestra/api';
import { ResourceRegistry } from '../registry/resource.registry';
import { RequestAuthenticator } from './request-authenticator';

/** Kubernetes' bounds: at least 10 minutes; 1 hour when the request does not say. */
const minExpirationSeconds = 600;
const defaultExpirationSeconds = 3600;
const maxExpirationSeconds = 2 ** 32;

interface TokenRequestBody {
  kind?: string;
  apiVersion?: string;
  metadata?: Record<string, unknown>;
  spec?: { audiences?: string[] | null; expirationSeconds?: number | null; boundObjectRef?: unknown };
}

@Injectable()
export class TokenRequestSubresource {
  private readonly accounts: ResourceDefinition;

  constructor(
    @Inject(ResourceRegistry) private readonly registry: ResourceRegistry,
    @Inject(RequestAuthenticator) private readonly authenticator: RequestAuthenticator,
    @Inject(ResourceCatalog) catalog: ResourceCatalog,
  ) {
    this.accounts = catalog.find('', 'v1', 'serviceaccounts')!;
  }

  async create(namespace: string, name: string, body: TokenRequestBody, now = new Date()): Promise<object> {
    const spec = body.spec ?? {};
    const expirationSeconds = spec.expirationSeconds ?? defaultExpirationSeconds;
    const audiences = spec.audiences?.length ? spec.audiences : undefined;
    const errors: FieldError[] = [];
    if (!Number.isInteger(expirationSeconds) || expirationSeconds < minExpirationSeconds) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.expirationSeconds',
        value: expirationSeconds,
        detail: 'may not specify a duration less than 10 minutes',
      });
    } else if (expirationSeconds > maxExpirationSeconds) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.expirationSeconds',
        value: expirationSeconds,
        detail: 'may not specify a duration larger than 2^32 seconds',
      });
    }
    if (errors.length > 0) throw ApiError.invalid('TokenRequest', 'authentication.k8s.io', name, errors);
    const account = await this.registry.get(this.accounts, namespace, name);
    const tokens = this.authenticator.serviceAccountTokens;
    const issued = await tokens.issue(
      { namespace, name, uid: account.metadata.uid! },
      expirationSeconds,
      audiences,
      now,
    );
    return {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name, namespace, creationTimestamp: null },
      spec: { audiences: audiences ?? tokens.apiAudiences, expirationSeconds, boundObjectRef: null },
      status: {
        token: issued.token,
        expirationTimestamp: issued.expiresAt.toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    };
  }
}
