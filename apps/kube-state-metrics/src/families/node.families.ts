/**
 * kube-state-metrics' Node families (internal/store/node.go, docs/metrics/cluster/node-metrics.md).
 * Every series starts with `node`.
 */
import { builtinResources, type Node, type ResourceDefinition, type ResourceList } from '@orchestra/api';
import { gauge, type MetricFamily } from '../exposition/metric-family';
import type { ResourceMetrics } from '../exposition/resource-metrics';
import { emitConditionStatus } from './one-hot';
import { boolValue, emitCreated } from './object-metadata';
import { resourceSamples } from './resource-quantities';

const ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';

function resourceFamily(name: string, help: string, of: (node: Node) => ResourceList | undefined) {
  return gauge<Node>(name, help, (node, emit) => {
    for (const { resource, unit, value } of resourceSamples(of(node), { pods: true }))
      emit(value, { resource, unit });
  });
}

export const nodeFamilies: readonly MetricFamily<Node>[] = [
  gauge('kube_node_info', 'Information about a cluster node.', (node, emit) => {
    const info = node.status?.nodeInfo;
    emit(1, {
      kernel_version: info?.kernelVersion ?? '',
      os_image: info?.osImage ?? '',
      container_runtime_version: info?.containerRuntimeVersion ?? '',
      kubelet_version: info?.kubeletVersion ?? '',
      kubeproxy_version: info?.kubeProxyVersion ?? '',
      provider_id: node.spec?.providerID ?? '',
      pod_cidr: node.spec?.podCIDR ?? '',
      system_uuid: info?.systemUUID ?? '',
      internal_ip: node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '',
    });
  }),
  gauge('kube_node_created', 'Unix creation timestamp', (node, emit) => emitCreated(emit, node.metadata)),
  gauge('kube_node_role', 'The role of a cluster node.', (node, emit) => {
    for (const label in node.metadata.labels) {
      if (label.startsWith(ROLE_LABEL_PREFIX)) emit(1, { role: label.slice(ROLE_LABEL_PREFIX.length) });
    }
  }),
  gauge('kube_node_spec_unschedulable', 'Whether a node can schedule new pods.', (node, emit) =>
    emit(boolValue(node.spec?.unschedulable)),
  ),
  gauge('kube_node_spec_taint', 'The taint of a cluster node.', (node, emit) => {
    for (const taint of node.spec?.taints ?? [])
      emit(1, { key: taint.key, value: taint.value ?? '', effect: taint.effect });
  }),
  gauge('kube_node_status_condition', 'The condition of a cluster node.', (node, emit) => {
    for (const c of node.status?.conditions ?? [])
      emitConditionStatus(emit, c.status, 'status', { condition: c.type });
  }),
  resourceFamily(
    'kube_node_status_capacity',
    'The capacity for different resources of a node.',
    (node) => node.status?.capacity,
  ),
  resourceFamily(
    'kube_node_status_allocatable',
    'The allocatable for different resources of a node that are available for scheduling.',
    (node) => node.status?.allocatable,
  ),
];

export const nodeMetrics: ResourceMetrics<Node> = {
  resource: builtinResources.find((d) => d.kind === 'Node') as ResourceDefinition,
  ownLabels: (node) => ({ node: node.metadata.name ?? '' }),
  families: nodeFamilies,
};
