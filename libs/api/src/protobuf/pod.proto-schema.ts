/**
 * core/v1 Pod, its spec and its containers (k8s.io/api/core/v1/generated.proto): only the fields
 * Orchestra's types carry. Field numbers are Kubernetes'; see proto-field.ts for the notation.
 */
import { ProtoMessageTable } from './proto-field';

export const podProtoMessages: ProtoMessageTable = {
  Pod: {
    1: 'metadata: ObjectMeta',
    2: 'spec: PodSpec',
    3: 'status: PodStatus',
  },
  PodTemplateSpec: {
    1: 'metadata: ObjectMeta',
    2: 'spec: PodSpec',
  },
  PodSpec: {
    1: 'volumes: Volume[]',
    2: 'containers!: Container[]',
    3: 'restartPolicy: string',
    4: 'terminationGracePeriodSeconds?: int64',
    6: 'dnsPolicy: string',
    7: 'nodeSelector: map<string>',
    8: 'serviceAccountName: string',
    10: 'nodeName: string',
    16: 'hostname: string',
    17: 'subdomain: string',
    18: 'affinity?: Affinity',
    19: 'schedulerName: string',
    20: 'initContainers: Container[]',
    22: 'tolerations: Toleration[]',
    25: 'priority?: int32',
    33: 'topologySpreadConstraints: TopologySpreadConstraint[]',
  },
  Container: {
    1: 'name!: string',
    2: 'image: string',
    3: 'command: string[]',
    4: 'args: string[]',
    5: 'workingDir: string',
    6: 'ports: ContainerPort[]',
    7: 'env: EnvVar[]',
    8: 'resources: ResourceRequirements',
    9: 'volumeMounts: VolumeMount[]',
    10: 'livenessProbe?: Probe',
    11: 'readinessProbe?: Probe',
    13: 'terminationMessagePath: string',
    14: 'imagePullPolicy: string',
    19: 'envFrom: EnvFromSource[]',
    20: 'terminationMessagePolicy: string',
    22: 'startupProbe?: Probe',
  },
  ContainerPort: {
    1: 'name: string',
    2: 'hostPort: int32',
    3: 'containerPort!: int32',
    4: 'protocol: string',
  },
  EnvVar: {
    1: 'name!: string',
    2: 'value: string',
    3: 'valueFrom?: EnvVarSource',
  },
  EnvVarSource: {
    1: 'fieldRef?: ObjectFieldSelector',
    2: 'resourceFieldRef?: ResourceFieldSelector',
    3: 'configMapKeyRef?: ConfigMapKeySelector',
    4: 'secretKeyRef?: SecretKeySelector',
  },
  ObjectFieldSelector: {
    1: 'apiVersion: string',
    2: 'fieldPath!: string',
  },
  ResourceFieldSelector: {
    1: 'containerName: string',
    2: 'resource!: string',
    3: 'divisor: Quantity',
  },
  ConfigMapKeySelector: {
    1: '...: LocalObjectReference',
    2: 'key!: string',
    3: 'optional?: bool',
  },
  SecretKeySelector: {
    1: '...: LocalObjectReference',
    2: 'key!: string',
    3: 'optional?: bool',
  },
  EnvFromSource: {
    1: 'prefix: string',
    2: 'configMapRef?: ConfigMapEnvSource',
    3: 'secretRef?: SecretEnvSource',
  },
  ConfigMapEnvSource: {
    1: '...: LocalObjectReference',
    2: 'optional?: bool',
  },
  SecretEnvSource: {
    1: '...: LocalObjectReference',
    2: 'optional?: bool',
  },
  VolumeMount: {
    1: 'name!: string',
    2: 'readOnly: bool',
    3: 'mountPath!: string',
    4: 'subPath: string',
  },
  Volume: {
    1: 'name!: string',
    2: '...: VolumeSource',
  },
  VolumeSource: {
    2: 'emptyDir?: EmptyDirVolumeSource',
    6: 'secret?: SecretVolumeSource',
    19: 'configMap?: ConfigMapVolumeSource',
    26: 'projected?: ProjectedVolumeSource',
  },
  EmptyDirVolumeSource: {
    1: 'medium: string',
    2: 'sizeLimit?: Quantity',
  },
  KeyToPath: {
    1: 'key!: string',
    2: 'path!: string',
    3: 'mode?: int32',
  },
  SecretVolumeSource: {
    1: 'secretName: string',
    2: 'items: KeyToPath[]',
    3: 'defaultMode?: int32',
    4: 'optional?: bool',
  },
  ConfigMapVolumeSource: {
    1: '...: LocalObjectReference',
    2: 'items: KeyToPath[]',
    3: 'defaultMode?: int32',
    4: 'optional?: bool',
  },
  ProjectedVolumeSource: {
    1: 'sources: VolumeProjection[]',
    2: 'defaultMode?: int32',
  },
  VolumeProjection: {
    1: 'secret?: SecretProjection',
    3: 'configMap?: ConfigMapProjection',
  },
  SecretProjection: {
    1: '...: LocalObjectReference',
    2: 'items: KeyToPath[]',
    4: 'optional?: bool',
  },
  ConfigMapProjection: {
    1: '...: LocalObjectReference',
    2: 'items: KeyToPath[]',
    4: 'optional?: bool',
  },
  LocalObjectReference: {
    1: 'name: string',
  },
  ResourceRequirements: {
    1: 'limits: map<Quantity>',
    2: 'requests: map<Quantity>',
  },
  Probe: {
    1: '...: ProbeHandler',
    2: 'initialDelaySeconds: int32',
    3: 'timeoutSeconds: int32',
    4: 'periodSeconds: int32',
    5: 'successThreshold: int32',
    6: 'failureThreshold: int32',
    7: 'terminationGracePeriodSeconds?: int64',
  },
  ProbeHandler: {
    1: 'exec?: ExecAction',
    2: 'httpGet?: HTTPGetAction',
    3: 'tcpSocket?: TCPSocketAction',
    4: 'grpc?: GRPCAction',
  },
  ExecAction: {
    1: 'command: string[]',
  },
  HTTPGetAction: {
    1: 'path: string',
    2: 'port!: IntOrString',
    3: 'host: string',
    4: 'scheme: string',
  },
  TCPSocketAction: {
    1: 'port!: IntOrString',
    2: 'host: string',
  },
  GRPCAction: {
    1: 'port!: int32',
    2: 'service?: string',
  },
};
