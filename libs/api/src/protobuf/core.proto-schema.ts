/**
 * core/v1 Namespace, ConfigMap, Secret, Event and Binding (k8s.io/api/core/v1/generated.proto): only the
 * fields Orchestra's types carry. Field numbers are Kubernetes'; see proto-field.ts for the notation.
 */
import { ProtoMessageTable } from './proto-field';

export const coreProtoMessages: ProtoMessageTable = {
  Namespace: {
    1: 'metadata: ObjectMeta',
    2: 'spec: NamespaceSpec',
    3: 'status: NamespaceStatus',
  },
  NamespaceSpec: {
    1: 'finalizers: string[]',
  },
  NamespaceStatus: {
    1: 'phase: string',
    2: 'conditions: NamespaceCondition[]',
  },
  NamespaceCondition: {
    1: 'type!: string',
    2: 'status!: string',
    4: 'lastTransitionTime: Time',
    5: 'reason: string',
    6: 'message: string',
  },
  ConfigMap: {
    1: 'metadata: ObjectMeta',
    2: 'data: map<string>',
    3: 'binaryData: map<bytes>',
    4: 'immutable?: bool',
  },
  Secret: {
    1: 'metadata: ObjectMeta',
    2: 'data: map<bytes>',
    3: 'type: string',
    4: 'stringData: map<string>',
    5: 'immutable?: bool',
  },
  ObjectReference: {
    1: 'kind: string',
    2: 'namespace: string',
    3: 'name: string',
    4: 'uid: string',
    5: 'apiVersion: string',
    6: 'resourceVersion: string',
    7: 'fieldPath: string',
  },
  Event: {
    1: 'metadata!: ObjectMeta',
    2: 'involvedObject!: ObjectReference',
    3: 'reason: string',
    4: 'message: string',
    5: 'source: EventSource',
    6: 'firstTimestamp: Time',
    7: 'lastTimestamp: Time',
    8: 'count: int32',
    9: 'type: string',
    10: 'eventTime: MicroTime',
    12: 'action: string',
    13: 'related?: ObjectReference',
    14: 'reportingComponent!: string',
    15: 'reportingInstance!: string',
  },
  EventSource: {
    1: 'component: string',
    2: 'host: string',
  },
  Binding: {
    1: 'metadata: ObjectMeta',
    2: 'target!: ObjectReference',
  },
};
