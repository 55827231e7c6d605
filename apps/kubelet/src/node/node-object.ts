/**
 * The Node a simulated node registers (what `kubelet --register-node` builds in
 * pkg/kubelet/kubelet_node_status.go initialNode): labels, capacity, addresses, the kubelet
 * endpoint, system info and podCIDR. Pure, so what a node says about itself is easy to test.
 */
import { randomUUID } from 'node:crypto';
import { arch, release } from 'node:os';
import type { Node, NodeSystemInfo } from '@orchestra/api';
import { podCidrOf } from './pod-cidr.allocator';

export const KUBELET_VERSION = 'v1.32.0-orchestra';
export const CONTAINER_RUNTIME_VERSION = 'orchestra-sim://0.1.0';
export const INSTANCE_TYPE = 'orchestra-sim';

export interface NodeShape {
  name: string;
  index: number;
  zone: string;
  cpu: string;
  memory: string;
  pods: number;
  role: string;
  address: string;
  kubeletPort: number;
}

/** Go's GOARCH names, which is what `kubernetes.io/arch` carries. */
export function goArch(nodeArch: string = arch()): string {
  return ({ x64: 'amd64', ia32: '386', arm: 'arm' } as Record<string, string>)[nodeArch] ?? nodeArch;
}

export function nodeLabels(shape: NodeShape): Record<string, string> {
  return {
    'kubernetes.io/hostname': shape.name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': goArch(),
    'beta.kubernetes.io/os': 'linux',
    'beta.kubernetes.io/arch': goArch(),
    'node.kubernetes.io/instance-type': INSTANCE_TYPE,
    ...(shape.zone ? { 'topology.kubernetes.io/zone': shape.zone } : {}),
    ...(shape.role ? { [`node-role.kubernetes.io/${shape.role}`]: '' } : {}),
  };
}

/** Fixed for the life of the process: a new bootID is how Kubernetes notices a node rebooted. */
export function systemInfo(): NodeSystemInfo {
  return {
    machineID: randomUUID().replace(/-/g, ''),
    systemUUID: randomUUID(),
    bootID: randomUUID(),
    kernelVersion: release(),
    osImage: 'Orchestra simulated Linux',
    containerRuntimeVersion: CONTAINER_RUNTIME_VERSION,
    kubeletVersion: KUBELET_VERSION,
    kubeProxyVersion: '',
    operatingSystem: 'linux',
    architecture: goArch(),
  };
}

export function initialNode(shape: NodeShape, info: NodeSystemInfo): Node {
  const capacity = { cpu: shape.cpu, memory: shape.memory, pods: String(shape.pods) };
  const cidr = podCidrOf(shape.index);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: shape.name, labels: nodeLabels(shape) },
    spec: { podCIDR: cidr, podCIDRs: [cidr] },
    status: {
      capacity,
      // No system or kube reservations on a simulated node: all of it is for pods.
      allocatable: { ...capacity },
      addresses: [
        { type: 'InternalIP', address: shape.address },
        { type: 'Hostname', address: shape.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: shape.kubeletPort } },
      nodeInfo: info,
    },
  };
}
