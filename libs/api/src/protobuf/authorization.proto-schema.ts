/**
 * authorization.k8s.io/v1 access reviews (k8s.io/api/authorization/v1/generated.proto) and
 * authentication.k8s.io/v1 SelfSubjectReview and TokenRequest: what `kubectl auth can-i`,
 * `kubectl auth whoami` and `kubectl create token` send. Only the request's fields (the status is the server's answer). Field numbers are
 * Kubernetes'; see proto-field.ts for the notation.
 */
import { ProtoMessageTable } from './proto-field';

export const authorizationProtoMessages: ProtoMessageTable = {
  SelfSubjectAccessReview: {
    1: 'metadata: ObjectMeta',
    2: 'spec: SelfSubjectAccessReviewSpec',
  },
  SelfSubjectAccessReviewSpec: {
    1: 'resourceAttributes?: ResourceAttributes',
    2: 'nonResourceAttributes?: NonResourceAttributes',
  },
  SubjectAccessReview: {
    1: 'metadata: ObjectMeta',
    2: 'spec: SubjectAccessReviewSpec',
  },
  SubjectAccessReviewSpec: {
    1: 'resourceAttributes?: ResourceAttributes',
    2: 'nonResourceAttributes?: NonResourceAttributes',
    3: 'user: string',
    4: 'groups: string[]',
    6: 'uid: string',
  },
  ResourceAttributes: {
    1: 'namespace: string',
    2: 'verb: string',
    3: 'group: string',
    4: 'version: string',
    5: 'resource: string',
    6: 'subresource: string',
    7: 'name: string',
  },
  NonResourceAttributes: {
    1: 'path: string',
    2: 'verb: string',
  },
  SelfSubjectRulesReview: {
    1: 'metadata: ObjectMeta',
    2: 'spec: SelfSubjectRulesReviewSpec',
  },
  SelfSubjectRulesReviewSpec: {
    1: 'namespace: string',
  },
  SelfSubjectReview: {
    1: 'metadata: ObjectMeta',
  },
  TokenRequest: {
    1: 'metadata: ObjectMeta',
    2: 'spec: TokenRequestSpec',
  },
  TokenRequestSpec: {
    1: 'audiences: string[]',
    3: 'boundObjectRef?: BoundObjectReference',
    4: 'expirationSeconds?: int64',
  },
  BoundObjectReference: {
    1: 'kind: string',
    2: 'apiVersion: string',
    3: 'name: string',
    4: 'uid: string',
  },
};
