/**
 * kube-state-metrics' pod families (internal/store/pod.go, docs/metrics/workload/pod-metrics.md).
 * Every series starts with `namespace`, `pod` and `uid`; the per-container families are in
 * pod-container.families.ts.
 */
import { builtinResources, type Pod, type ResourceDefinition } from '@orchestra/api';
import { gauge, type MetricFamily } from '../exposition/metric-family';
import type { ResourceMetrics } from '../exposition/resource-metrics';
import { emitConditionStatus, emitOneHot } from './one-hot';
import { controllerOf, emitCreated, emitOwners, unixSeconds } from './object-metadata';
import { podContainerFamilies } from './pod-container.families';

export const podPhases = ['Pending', 'Succeeded', 'Failed', 'Unknown', 'Running'] as const;

/** PodSpec fields Orchestra stores but does not model (the apiserver keeps unknown fields). */
interface PodSpecExtras {
  priorityClassName?: string;
  hostNetwork?: boolean;
}

function condition(pod: Pod, type: string) {
  return pod.status?.conditions?.find((c) => c.type === type);
}

export const podFamilies: readonly MetricFamily<Pod>[] = [
  gauge('kube_pod_info', 'Information about pod.', (pod, emit) => {
    const owner = controllerOf(pod.metadata);
    const extras = pod.spec as PodSpecExtras;
    emit(1, {
      host_ip: pod.status?.hostIP ?? '',
      pod_ip: pod.status?.podIP ?? '',
      node: pod.spec.nodeName ?? '',
      created_by_kind: owner?.kind || '<none>',
      created_by_name: owner?.name || '<none>',
      priority_class: extras.priorityClassName ?? '',
      host_network: String(!!extras.hostNetwork),
    });
  }),
  gauge('kube_pod_owner', "Information about the Pod's owner.", (pod, emit) =>
    emitOwners(emit, pod.metadata.ownerReferences),
  ),
  gauge('kube_pod_created', 'Unix creation timestamp', (pod, emit) => emitCreated(emit, pod.metadata)),
  gauge('kube_pod_start_time', 'Start time in unix timestamp for a pod.', (pod, emit) => {
    const started = unixSeconds(pod.status?.startTime);
    if (started !== undefined) emit(started);
  }),
  gauge('kube_pod_deletion_timestamp', 'Unix deletion timestamp', (pod, emit) => {
    const deleted = unixSeconds(pod.metadata.deletionTimestamp);
    if (deleted !== undefined) emit(deleted);
  }),
  gauge('kube_pod_status_phase', 'The pods current phase.', (pod, emit) => {
    const phase = pod.status?.phase;
    if (phase) emitOneHot(emit, 'phase', podPhases, phase);
  }),
  gauge('kube_pod_status_ready', 'Describes whether the pod is ready to serve requests.', (pod, emit) => {
    const ready = condition(pod, 'Ready');
    if (ready) emitConditionStatus(emit, ready.status, 'condition');
  }),
  gauge(
    'kube_pod_status_scheduled',
    'Describes the status of the scheduling process for the pod.',
    (pod, emit) => {
      const scheduled = condition(pod, 'PodScheduled');
      if (scheduled) emitConditionStatus(emit, scheduled.status, 'condition');
    },
  ),
  gauge('kube_pod_status_unschedulable', 'Describes the unschedulable status for the pod.', (pod, emit) => {
    if (condition(pod, 'PodScheduled')?.status === 'False') emit(1);
  }),
  ...podContainerFamilies,
];

export const podMetrics: ResourceMetrics<Pod> = {
  resource: builtinResources.find((d) => d.kind === 'Pod') as ResourceDefinition,
  ownLabels: (pod) => ({
    namespace: pod.metadata.namespace ?? '',
    pod: pod.metadata.name ?? '',
    uid: pod.metadata.uid ?? '',
  }),
  families: podFamilies,
};
