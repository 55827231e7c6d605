/**
 * meta/v1 messages (k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto): only the fields
 * Orchestra's types carry. Field numbers are Kubernetes'; see proto-field.ts for the notation.
 */
import { ProtoMessageTable } from './proto-field';

export const metaProtoMessages: ProtoMessageTable = {
  ObjectMeta: {
    1: 'name: string',
    2: 'generateName: string',
    3: 'namespace: string',
    5: 'uid: string',
    6: 'resourceVersion: string',
    7: 'generation: int64',
    8: 'creationTimestamp: Time',
    9: 'deletionTimestamp?: Time',
    10: 'deletionGracePeriodSeconds?: int64',
    11: 'labels: map<string>',
    12: 'annotations: map<string>',
    13: 'ownerReferences: OwnerReference[]',
    14: 'finalizers: string[]',
  },
  OwnerReference: {
    1: 'kind!: string',
    3: 'name!: string',
    4: 'uid!: string',
    5: 'apiVersion!: string',
    6: 'controller?: bool',
    7: 'blockOwnerDeletion?: bool',
  },
  LabelSelector: {
    1: 'matchLabels: map<string>',
    2: 'matchExpressions: LabelSelectorRequirement[]',
  },
  LabelSelectorRequirement: {
    1: 'key!: string',
    2: 'operator!: string',
    3: 'values: string[]',
  },
  DeleteOptions: {
    1: 'gracePeriodSeconds?: int64',
    2: 'preconditions?: Preconditions',
    3: 'orphanDependents?: bool',
    4: 'propagationPolicy?: string',
    5: 'dryRun: string[]',
  },
  Preconditions: {
    1: 'uid?: string',
    2: 'resourceVersion?: string',
  },
};
