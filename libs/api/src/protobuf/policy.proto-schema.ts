/**
 * core/v1 ResourceQuota, LimitRange and ServiceAccount (k8s.io/api/core/v1/generated.proto), as
 * `kubectl create quota` and `kubectl create serviceaccount` send them: only the fields
 * Orchestra's types carry. Field numbers are Kubernetes'; see proto-field.ts for the notation.
 */
import { ProtoMessageTable } from './proto-field';

export const policyProtoMessages: ProtoMessageTable = {
  ResourceQuota: {
    1: 'metadata: ObjectMeta',
    2: 'spec: ResourceQuotaSpec',
    3: 'status: ResourceQuotaStatus',
  },
  ResourceQuotaSpec: {
    1: 'hard: map<Quantity>',
    2: 'scopes: string[]',
  },
  ResourceQuotaStatus: {
    1: 'hard: map<Quantity>',
    2: 'used: map<Quantity>',
  },
  LimitRange: {
    1: 'metadata: ObjectMeta',
    2: 'spec: LimitRangeSpec',
  },
  LimitRangeSpec: {
    1: 'limits: LimitRangeItem[]',
  },
  LimitRangeItem: {
    1: 'type: string',
    2: 'max: map<Quantity>',
    3: 'min: map<Quantity>',
    4: 'default: map<Quantity>',
    5: 'defaultRequest: map<Quantity>',
    6: 'maxLimitRequestRatio: map<Quantity>',
  },
  ServiceAccount: {
    1: 'metadata: ObjectMeta',
    2: 'secrets: ObjectReference[]',
    3: 'imagePullSecrets: LocalObjectReference[]',
    4: 'automountServiceAccountToken?: bool',
  },
};
