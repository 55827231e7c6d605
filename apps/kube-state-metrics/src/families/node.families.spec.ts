import type { Node } from '@orchestra/api';
import { seriesOf } from '../../test/series-of';
import { nodeMetrics } from './node.families';

const node: Node = {
  metadata: {
    name: 'node-1',
    creationTimestamp: '2024-05-01T10:00:00Z',
    labels: { 'node-role.kubernetes.io/worker': '', 'topology.kubernetes.io/zone': 'zone-a' },
  },
  spec: {
    podCIDR: '10.244.1.0/24',
    providerID: 'orchestra://node-1',
    unschedulable: true,
    taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }],
  },
  status: {
    capacity: { cpu: '4', memory: '8Gi', pods: '110' },
    allocatable: { cpu: '3800m', memory: '7Gi', pods: '110' },
    conditions: [
      { type: 'Ready', status: 'Unknown' },
      { type: 'MemoryPressure', status: 'False' },
    ],
    addresses: [
      { type: 'Hostname', address: 'node-1' },
      { type: 'InternalIP', address: '10.0.0.11' },
    ],
    nodeInfo: {
      machineID: 'm',
      systemUUID: 'uuid-1',
      bootID: 'b',
      kernelVersion: '6.1.0',
      osImage: 'Orchestra',
      containerRuntimeVersion: 'orchestra://0.1.0',
      kubeletVersion: 'v1.32.0',
      kubeProxyVersion: 'v1.32.0',
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  },
};

describe('node families', () => {
  it('exports info, role, schedulability and taints', () => {
    expect(
      seriesOf(
        nodeMetrics,
        node,
        'kube_node_info',
        'kube_node_created',
        'kube_node_role',
        'kube_node_spec_unschedulable',
        'kube_node_spec_taint',
      ),
    ).toEqual([
      'kube_node_info{node="node-1",kernel_version="6.1.0",os_image="Orchestra",container_runtime_version="orchestra://0.1.0",kubelet_version="v1.32.0",kubeproxy_version="v1.32.0",provider_id="orchestra://node-1",pod_cidr="10.244.1.0/24",system_uuid="uuid-1",internal_ip="10.0.0.11"} 1',
      'kube_node_created{node="node-1"} 1714557600',
      'kube_node_role{node="node-1",role="worker"} 1',
      'kube_node_spec_unschedulable{node="node-1"} 1',
      'kube_node_spec_taint{node="node-1",key="node.kubernetes.io/unreachable",value="",effect="NoSchedule"} 1',
    ]);
  });

  it('exports every condition as true/false/unknown', () => {
    expect(seriesOf(nodeMetrics, node, 'kube_node_status_condition')).toEqual([
      'kube_node_status_condition{node="node-1",condition="Ready",status="true"} 0',
      'kube_node_status_condition{node="node-1",condition="Ready",status="false"} 0',
      'kube_node_status_condition{node="node-1",condition="Ready",status="unknown"} 1',
      'kube_node_status_condition{node="node-1",condition="MemoryPressure",status="true"} 0',
      'kube_node_status_condition{node="node-1",condition="MemoryPressure",status="false"} 1',
      'kube_node_status_condition{node="node-1",condition="MemoryPressure",status="unknown"} 0',
    ]);
  });

  it('exports capacity and allocatable in cores, bytes and pods', () => {
    expect(seriesOf(nodeMetrics, node, 'kube_node_status_capacity', 'kube_node_status_allocatable')).toEqual([
      'kube_node_status_capacity{node="node-1",resource="cpu",unit="core"} 4',
      'kube_node_status_capacity{node="node-1",resource="memory",unit="byte"} 8589934592',
      'kube_node_status_capacity{node="node-1",resource="pods",unit="integer"} 110',
      'kube_node_status_allocatable{node="node-1",resource="cpu",unit="core"} 3.8',
      'kube_node_status_allocatable{node="node-1",resource="memory",unit="byte"} 7516192768',
      'kube_node_status_allocatable{node="node-1",resource="pods",unit="integer"} 110',
    ]);
  });
});
