/**
 * core/v1 PodStatus and container statuses (k8s.io/api/core/v1/generated.proto), as the kubelet
 * writes them. Field numbers are Kubernetes'; see proto-field.ts for the notation.
 */
import { ProtoMessageTable } from './proto-field';

export const podStatusProtoMessages: ProtoMessageTable = {
  PodStatus: {
    1: 'phase: string',
    2: 'conditions: PodCondition[]',
    3: 'message: string',
    4: 'reason: string',
    5: 'hostIP: string',
    6: 'podIP: string',
    7: 'startTime?: Time',
    8: 'containerStatuses: ContainerStatus[]',
    9: 'qosClass: string',
    10: 'initContainerStatuses: ContainerStatus[]',
    11: 'nominatedNodeName: string',
    12: 'podIPs: PodIP[]',
  },
  PodCondition: {
    1: 'type!: string',
    2: 'status!: string',
    3: 'lastProbeTime: Time',
    4: 'lastTransitionTime: Time',
    5: 'reason: string',
    6: 'message: string',
    7: 'observedGeneration: int64',
  },
  PodIP: {
    1: 'ip!: string',
  },
  ContainerStatus: {
    1: 'name!: string',
    2: 'state: ContainerState',
    3: 'lastState: ContainerState',
    4: 'ready!: bool',
    5: 'restartCount!: int32',
    6: 'image!: string',
    7: 'imageID!: string',
    8: 'containerID: string',
    9: 'started?: bool',
  },
  ContainerState: {
    1: 'waiting?: ContainerStateWaiting',
    2: 'running?: ContainerStateRunning',
    3: 'terminated?: ContainerStateTerminated',
  },
  ContainerStateWaiting: {
    1: 'reason: string',
    2: 'message: string',
  },
  ContainerStateRunning: {
    1: 'startedAt: Time',
  },
  ContainerStateTerminated: {
    1: 'exitCode!: int32',
    2: 'signal: int32',
    3: 'reason: string',
    4: 'message: string',
    5: 'startedAt: Time',
    6: 'finishedAt: Time',
    7: 'containerID: string',
  },
};
