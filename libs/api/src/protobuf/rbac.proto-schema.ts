/**
 * rbac.authorization.k8s.io/v1 (k8s.io/api/rbac/v1/generated.proto): what `kubectl create role`,
 * `clusterrole`, `rolebinding` and `clusterrolebinding` send. Field numbers are Kubernetes'; see
 * proto-field.ts for the notation.
 */
import { ProtoMessageTable } from './proto-field';

export const rbacProtoMessages: ProtoMessageTable = {
  Role: {
    1: 'metadata: ObjectMeta',
    2: 'rules: PolicyRule[]',
  },
  ClusterRole: {
    1: 'metadata: ObjectMeta',
    2: 'rules: PolicyRule[]',
    3: 'aggregationRule?: AggregationRule',
  },
  AggregationRule: {
    1: 'clusterRoleSelectors: LabelSelector[]',
  },
  PolicyRule: {
    1: 'verbs: string[]',
    2: 'apiGroups: string[]',
    3: 'resources: string[]',
    4: 'resourceNames: string[]',
    5: 'nonResourceURLs: string[]',
  },
  RoleBinding: {
    1: 'metadata: ObjectMeta',
    2: 'subjects: Subject[]',
    3: 'roleRef: RoleRef',
  },
  ClusterRoleBinding: {
    1: 'metadata: ObjectMeta',
    2: 'subjects: Subject[]',
    3: 'roleRef: RoleRef',
  },
  Subject: {
    1: 'kind!: string',
    2: 'apiGroup: string',
    3: 'name!: string',
    4: 'namespace: string',
  },
  RoleRef: {
    1: 'apiGroup!: string',
    2: 'kind!: string',
    3: 'name!: string',
  },
};
