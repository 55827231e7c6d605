/** The rbac.authorization.k8s.io/v1 kinds, as stored (k8s.io/api/rbac/v1 types.go). */
import { KubeObject, LabelSelector } from '@orchestra/api';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** `*` in verbs, apiGroups, resources; `*` at the end of a nonResourceURL matches any suffix. */
export const ALL = '*';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface AggregationRule {
  clusterRoleSelectors?: LabelSelector[];
}

export interface Role extends KubeObject {
  rules?: PolicyRule[];
}

export interface ClusterRole extends KubeObject {
  rules?: PolicyRule[];
  aggregationRule?: AggregationRule;
}

export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

export interface Subject {
  kind: SubjectKind | string;
  name: string;
  /** Only for ServiceAccount (and defaulting to the RoleBinding's namespace). */
  namespace?: string;
  /** `rbac.authorization.k8s.io` for User and Group, `` for ServiceAccount. */
  apiGroup?: string;
}

export interface RoleRef {
  apiGroup: string;
  kind: 'Role' | 'ClusterRole' | string;
  name: string;
}

export interface RoleBinding extends KubeObject {
  subjects?: Subject[];
  roleRef: RoleRef;
}

export type ClusterRoleBinding = RoleBinding;
