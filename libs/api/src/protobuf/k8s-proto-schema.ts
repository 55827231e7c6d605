/**
 * The protobuf schema of every kind Orchestra accepts as `application/vnd.kubernetes.protobuf`:
 * the per-group message tables parsed once, and which message decodes which apiVersion/kind.
 */
import { appsProtoMessages } from './apps.proto-schema';
import { authorizationProtoMessages } from './authorization.proto-schema';
import { autoscalingProtoMessages } from './autoscaling.proto-schema';
import { batchProtoMessages } from './batch.proto-schema';
import { coordinationProtoMessages } from './coordination.proto-schema';
import { coreProtoMessages } from './core.proto-schema';
import { metaProtoMessages } from './meta.proto-schema';
import { nodeProtoMessages } from './node.proto-schema';
import { podStatusProtoMessages } from './pod-status.proto-schema';
import { podProtoMessages } from './pod.proto-schema';
import { policyProtoMessages } from './policy.proto-schema';
import {
  isScalarProtoType,
  isWrapperProtoType,
  parseProtoField,
  ProtoField,
  ProtoMessage,
  ProtoMessageTable,
} from './proto-field';
import { rbacProtoMessages } from './rbac.proto-schema';
import { schedulingProtoMessages } from './scheduling.proto-schema';
import { serviceProtoMessages } from './service.proto-schema';

const tables: ProtoMessageTable[] = [
  metaProtoMessages,
  coreProtoMessages,
  policyProtoMessages,
  nodeProtoMessages,
  podProtoMessages,
  podStatusProtoMessages,
  schedulingProtoMessages,
  serviceProtoMessages,
  appsProtoMessages,
  batchProtoMessages,
  autoscalingProtoMessages,
  coordinationProtoMessages,
  rbacProtoMessages,
  authorizationProtoMessages,
];

/** `apiVersion/kind` → the message its `raw` bytes hold. */
const rootMessages: Record<string, string> = {
  'v1/Namespace': 'Namespace',
  'v1/Node': 'Node',
  'v1/Pod': 'Pod',
  'v1/Binding': 'Binding',
  'v1/Service': 'Service',
  'v1/Endpoints': 'Endpoints',
  'v1/Event': 'Event',
  'v1/ConfigMap': 'ConfigMap',
  'v1/Secret': 'Secret',
  'v1/ResourceQuota': 'ResourceQuota',
  'v1/LimitRange': 'LimitRange',
  'v1/ServiceAccount': 'ServiceAccount',
  'apps/v1/Deployment': 'Deployment',
  'apps/v1/ReplicaSet': 'ReplicaSet',
  'autoscaling/v1/Scale': 'Scale',
  'batch/v1/Job': 'Job',
  'batch/v1/CronJob': 'CronJob',
  'autoscaling/v2/HorizontalPodAutoscaler': 'HorizontalPodAutoscaler',
  'autoscaling/v1/HorizontalPodAutoscaler': 'HorizontalPodAutoscalerV1',
  'coordination.k8s.io/v1/Lease': 'Lease',
  'rbac.authorization.k8s.io/v1/Role': 'Role',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'ClusterRole',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'ClusterRoleBinding',
  'authorization.k8s.io/v1/SelfSubjectAccessReview': 'SelfSubjectAccessReview',
  'authorization.k8s.io/v1/SubjectAccessReview': 'SubjectAccessReview',
  'authorization.k8s.io/v1/LocalSubjectAccessReview': 'SubjectAccessReview',
  'authorization.k8s.io/v1/SelfSubjectRulesReview': 'SelfSubjectRulesReview',
  'authentication.k8s.io/v1/SelfSubjectReview': 'SelfSubjectReview',
  'authentication.k8s.io/v1/TokenRequest': 'TokenRequest',
};

/** meta/v1 option kinds are registered in every group version, so any apiVersion may carry them. */
const anyVersionKinds: Record<string, string> = { DeleteOptions: 'DeleteOptions' };

export const k8sProtoMessages: ReadonlyMap<string, ProtoMessage> = buildMessages(tables);

export function protoRootMessageFor(apiVersion: string, kind: string): string | undefined {
  return rootMessages[`${apiVersion}/${kind}`] ?? anyVersionKinds[kind];
}

/** Parses the tables and checks every message they name exists, so a typo fails at start-up. */
function buildMessages(sources: ProtoMessageTable[]): Map<string, ProtoMessage> {
  const messages = new Map<string, ProtoMessage>();
  for (const table of sources) {
    for (const [name, fields] of Object.entries(table)) {
      if (messages.has(name)) throw new Error(`protobuf message ${name} is defined twice`);
      const parsed = new Map<number, ProtoField>();
      for (const [number, text] of Object.entries(fields)) parsed.set(Number(number), parseProtoField(text));
      messages.set(name, parsed);
    }
  }
  for (const [name, fields] of messages) {
    for (const [number, field] of fields) {
      const known =
        isScalarProtoType(field.type) || isWrapperProtoType(field.type) || messages.has(field.type);
      if (!known) throw new Error(`protobuf field ${name}.${number} names unknown type ${field.type}`);
    }
  }
  for (const message of [...Object.values(rootMessages), ...Object.values(anyVersionKinds)]) {
    if (!messages.has(message)) throw new Error(`protobuf root message ${message} is not defined`);
  }
  return messages;
}
