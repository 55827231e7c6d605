/**
 * The access reviews: virtual kinds that are only ever created and never stored, answered at once
 * with their status (authorization.k8s.io/v1 and authentication.k8s.io/v1 SelfSubjectReview).
 * `kubectl auth can-i` creates SelfSubjectAccessReviews, `can-i --list` SelfSubjectRulesReviews,
 * `kubectl auth whoami` a SelfSubjectReview.
 */
import { ResourceDefinition } from './resource-definition';

const review = (group: string, kind: string, namespaced = false): ResourceDefinition => ({
  group,
  version: 'v1',
  kind,
  listKind: `${kind}List`,
  plural: `${kind.toLowerCase()}s`,
  singular: kind.toLowerCase(),
  namespaced,
  shortNames: [],
  categories: [],
  subresources: [],
  hasSpec: true,
  fieldSelectors: [],
  createOnly: true,
});

export const createOnlyResources: readonly ResourceDefinition[] = [
  review('authorization.k8s.io', 'SelfSubjectAccessReview'),
  review('authorization.k8s.io', 'SelfSubjectRulesReview'),
  review('authorization.k8s.io', 'SubjectAccessReview'),
  review('authorization.k8s.io', 'LocalSubjectAccessReview', true),
  review('authentication.k8s.io', 'SelfSubjectReview'),
];
