/**
 * core/v1 Node (k8s.io/api/core/v1/generated.proto): only the fields Orchestra's types carry.
 * Field numbers are Kubernetes'; see proto-field.ts for the notation.
 */
import { ProtoMessageTable } from './proto-field';

export const nodeProtoMessages: ProtoMessageTable = {
  Node: {
    1: 'metadata: ObjectMeta',
    2: 'spec: NodeSpec',
    3: 'status: NodeStatus',
  },
  NodeSpec: {
    1: 'podCIDR: string',
    3: 'providerID: string',
    4: 'unschedulable: bool',
    5: 'taints: Taint[]',
    7: 'podCIDRs: string[]',
  },
  Taint: {
    1: 'key!: string',
    2: 'value: string',
    3: 'effect!: string',
    4: 'timeAdded?: Time',
  },
  NodeStatus: {
    1: 'capacity: map<Quantity>',
    2: 'allocatable: map<Quantity>',
    3: 'phase: string',
    4: 'conditions: NodeCondition[]',
    5: 'addresses: NodeAddress[]',
    6: 'daemonEndpoints: NodeDaemonEndpoints',
    7: 'nodeInfo: NodeSystemInfo',
    8: 'images: ContainerImage[]',
  },
  NodeCondition: {
    1: 'type!: string',
    2: 'status!: string',
    3: 'lastHeartbeatTime: Time',
    4: 'lastTransitionTime: Time',
    5: 'reason: string',
    6: 'message: string',
  },
  NodeAddress: {
    1: 'type!: string',
    2: 'address!: string',
  },
  NodeDaemonEndpoints: {
    1: 'kubeletEndpoint: DaemonEndpoint',
  },
  DaemonEndpoint: {
    1: 'Port!: int32',
  },
  NodeSystemInfo: {
    1: 'machineID!: string',
    2: 'systemUUID!: string',
    3: 'bootID!: string',
    4: 'kernelVersion!: string',
    5: 'osImage!: string',
    6: 'containerRuntimeVersion!: string',
    7: 'kubeletVersion!: string',
    8: 'kubeProxyVersion!: string',
    9: 'operatingSystem!: string',
    10: 'architecture!: string',
  },
  ContainerImage: {
    1: 'names: string[]',
    2: 'sizeBytes: int64',
  },
};
