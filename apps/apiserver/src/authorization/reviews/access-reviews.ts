/**
 * The access reviews (pkg/registry/authorization/*, pkg/registry/authentication/selfsubjectreview):
 * created, answered at once with their status, never stored. SelfSubjectAccessReview asks "may
 * I" (`kubectl auth can-i`), SubjectAccessReview and LocalSubjectAccessReview ask it for someone
 * else, SelfSubjectRulesReview lists what I may do in a namespace (`can-i --list`), and
 * SelfSubjectReview says who I am (`kubectl auth whoami`).
 */
import { ApiError, FieldError, invalid, KubeObject, path, required } from '@orchestra/api';
import { UserInfo } from '../../authentication/user-info';
import { CreateOnlyHandlers, CreateOnlyRequest } from '../../http/create-only-resources';
import { AuthorizationAttributes, Authorizer } from '../authorizer';
import { PolicyRule } from '../rbac/rbac.types';

const authorizationGroup = 'authorization.k8s.io';
const authenticationGroup = 'authentication.k8s.io';

/** What a user may do in a namespace, for SelfSubjectRulesReview. */
export type RulesResolver = (
  user: UserInfo,
  namespace: string,
) => { rules: PolicyRule[]; incomplete: boolean };

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

interface AccessSpec {
  resourceAttributes?: Obj;
  nonResourceAttributes?: Obj;
}

export class AccessReviews {
  constructor(
    private readonly authorizer: Authorizer,
    private readonly rulesFor: RulesResolver,
  ) {}

  /** The handlers for the create-only hook, by `group/Kind`. */
  handlers(): CreateOnlyHandlers {
    return {
      [`${authorizationGroup}/SelfSubjectAccessReview`]: (r) => this.selfSubjectAccessReview(r),
      [`${authorizationGroup}/SubjectAccessReview`]: (r) => this.subjectAccessReview(r),
      [`${authorizationGroup}/LocalSubjectAccessReview`]: (r) => this.localSubjectAccessReview(r),
      [`${authorizationGroup}/SelfSubjectRulesReview`]: (r) => this.selfSubjectRulesReview(r),
      [`${authenticationGroup}/SelfSubjectReview`]: (r) => this.selfSubjectReview(r),
    };
  }

  async selfSubjectAccessReview({ body, user }: CreateOnlyRequest): Promise<KubeObject> {
    const spec = asObj(body.spec) as AccessSpec;
    assertValid('SelfSubjectAccessReview', validateAccessSpec(spec));
    return this.answer('SelfSubjectAccessReview', body, await this.review(user, spec));
  }

  async subjectAccessReview({ body }: CreateOnlyRequest): Promise<KubeObject> {
    const spec = asObj(body.spec);
    const errs = validateAccessSpec(spec);
    const subject = subjectOf(spec);
    if (!subject.username && subject.groups.length === 0)
      errs.push(invalid(path('spec').child('user'), '', 'at least one of user or group must be specified'));
    assertValid('SubjectAccessReview', errs);
    return this.answer('SubjectAccessReview', body, await this.review(subject, spec));
  }

  async localSubjectAccessReview({ body, namespace }: CreateOnlyRequest): Promise<KubeObject> {
    const spec = asObj(body.spec);
    const errs = validateAccessSpec(spec);
    const subject = subjectOf(spec);
    if (!subject.username && subject.groups.length === 0)
      errs.push(invalid(path('spec').child('user'), '', 'at least one of user or group must be specified'));
    if (spec.nonResourceAttributes)
      errs.push(
        invalid(
          path('spec').child('nonResourceAttributes'),
          spec.nonResourceAttributes,
          'disallowed on this kind of request',
        ),
      );
    assertValid('LocalSubjectAccessReview', errs);
    if (!namespace) throw ApiError.badRequest('namespace is required on this type: ');
    const attributes = asObj(spec.resourceAttributes);
    if (str(attributes.namespace) !== namespace)
      throw ApiError.badRequest(`spec.resourceAttributes.namespace must match namespace: ${namespace}`);
    const metadata = { ...asObj(body.metadata), namespace };
    return this.answer('LocalSubjectAccessReview', { ...body, metadata }, await this.review(subject, spec));
  }

  selfSubjectRulesReview({ body, user }: CreateOnlyRequest): KubeObject {
    const namespace = str(asObj(body.spec).namespace);
    if (!namespace) throw ApiError.badRequest('no namespace on request');
    const { rules, incomplete } = this.rulesFor(user, namespace);
    const resourceRules = rules
      .filter((r) => !r.nonResourceURLs?.length)
      .map((r) => ({
        verbs: r.verbs,
        apiGroups: r.apiGroups ?? [],
        resources: r.resources ?? [],
        ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}),
      }));
    const nonResourceRules = rules
      .filter((r) => r.nonResourceURLs?.length)
      .map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs! }));
    return this.answer('SelfSubjectRulesReview', body, { resourceRules, nonResourceRules, incomplete });
  }

  selfSubjectReview({ body, user }: CreateOnlyRequest): KubeObject {
    const userInfo = {
      username: user.username,
      ...(user.uid ? { uid: user.uid } : {}),
      groups: user.groups,
      ...(user.extra && Object.keys(user.extra).length ? { extra: user.extra } : {}),
    };
    return {
      kind: 'SelfSubjectReview',
      apiVersion: `${authenticationGroup}/v1`,
      metadata: { ...asObj(body.metadata), creationTimestamp: null } as never,
      status: { userInfo },
    } as KubeObject;
  }

  private async review(user: UserInfo, spec: AccessSpec): Promise<Obj> {
    const decision = await this.authorizer.authorize(attributesOf(user, spec));
    return {
      allowed: decision.decision === 'allow',
      ...(decision.decision === 'deny' ? { denied: true } : {}),
      ...(decision.reason ? { reason: decision.reason } : {}),
    };
  }

  private answer(kind: string, body: Obj, status: Obj): KubeObject {
    return {
      kind,
      apiVersion: `${authorizationGroup}/v1`,
      metadata: { ...asObj(body.metadata), creationTimestamp: null } as never,
      spec: asObj(body.spec),
      status,
    } as KubeObject;
  }
}

/** Exactly one of resourceAttributes and nonResourceAttributes (authorization/validation). */
function validateAccessSpec(spec: AccessSpec): FieldError[] {
  const specPath = path('spec');
  if (spec.resourceAttributes && spec.nonResourceAttributes)
    return [
      invalid(
        specPath.child('nonResourceAttributes'),
        spec.nonResourceAttributes,
        'cannot be specified in combination with resourceAttributes',
      ),
    ];
  if (!spec.resourceAttributes && !spec.nonResourceAttributes)
    return [
      required(
        specPath.child('resourceAttributes'),
        'exactly one of nonResourceAttributes or resourceAttributes must be specified',
      ),
    ];
  return [];
}

function assertValid(kind: string, errs: FieldError[]): void {
  if (errs.length) throw ApiError.invalid(kind, authorizationGroup, '', errs);
}

/** The user a SubjectAccessReview asks about. */
function subjectOf(spec: Obj): UserInfo {
  const groups = Array.isArray(spec.groups)
    ? spec.groups.filter((g): g is string => typeof g === 'string')
    : [];
  const extra = asObj(spec.extra) as Record<string, string[]>;
  return { username: str(spec.user), uid: str(spec.uid) || undefined, groups, extra };
}

export function attributesOf(user: UserInfo, spec: AccessSpec): AuthorizationAttributes {
  if (spec.nonResourceAttributes) {
    const a = spec.nonResourceAttributes;
    return { user, resourceRequest: false, verb: str(a.verb), path: str(a.path) };
  }
  const a = asObj(spec.resourceAttributes);
  return {
    user,
    resourceRequest: true,
    verb: str(a.verb),
    apiGroup: str(a.group),
    apiVersion: str(a.version) || undefined,
    resource: str(a.resource),
    subresource: str(a.subresource) || undefined,
    namespace: str(a.namespace) || undefined,
    name: str(a.name) || undefined,
  };
}
