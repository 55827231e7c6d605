/**
 * kube-state-metrics' per-container pod families (internal/store/pod.go): status families from
 * `status.containerStatuses`, resource families from `spec.containers`. Each sample carries
 * `container` after the pod's own labels.
 */
import type { Container, ContainerStatus, Pod, ResourceList } from '@orchestra/api';
import { counter, gauge, type Emit, type MetricFamily } from '../exposition/metric-family';
import { boolValue } from './object-metadata';
import { resourceSamples } from './resource-quantities';

/** A family made of one sample per container status. */
function perStatus(
  name: string,
  help: string,
  sample: (status: ContainerStatus, emit: Emit, pod: Pod) => void,
  type: 'gauge' | 'counter' = 'gauge',
): MetricFamily<Pod> {
  const make = type === 'counter' ? counter<Pod> : gauge<Pod>;
  return make(name, help, (pod, emit) => {
    for (const status of pod.status?.containerStatuses ?? []) sample(status, emit, pod);
  });
}

/** `requests` or `limits` of every container, with the node the pod is bound to. */
function resourceFamily(name: string, help: string, of: (container: Container) => ResourceList | undefined) {
  return gauge<Pod>(name, help, (pod, emit) => {
    const node = pod.spec.nodeName ?? '';
    for (const container of pod.spec.containers ?? []) {
      for (const { resource, unit, value } of resourceSamples(of(container), { pods: false }))
        emit(value, { container: container.name, node, resource, unit });
    }
  });
}

export const podContainerFamilies: readonly MetricFamily<Pod>[] = [
  perStatus('kube_pod_container_info', 'Information about a container in a pod.', (status, emit, pod) =>
    emit(1, {
      container: status.name,
      image_spec: pod.spec.containers?.find((c) => c.name === status.name)?.image ?? '',
      image: status.image ?? '',
      image_id: status.imageID ?? '',
      container_id: status.containerID ?? '',
    }),
  ),
  perStatus(
    'kube_pod_container_status_ready',
    'Describes whether the containers readiness check succeeded.',
    (status, emit) => emit(boolValue(status.ready), { container: status.name }),
  ),
  perStatus(
    'kube_pod_container_status_restarts_total',
    'The number of container restarts per container.',
    (status, emit) => emit(status.restartCount ?? 0, { container: status.name }),
    'counter',
  ),
  perStatus(
    'kube_pod_container_status_running',
    'Describes whether the container is currently in running state.',
    (status, emit) => emit(boolValue(!!status.state?.running), { container: status.name }),
  ),
  perStatus(
    'kube_pod_container_status_waiting',
    'Describes whether the container is currently in waiting state.',
    (status, emit) => emit(boolValue(!!status.state?.waiting), { container: status.name }),
  ),
  perStatus(
    'kube_pod_container_status_waiting_reason',
    'Describes the reason the container is currently in waiting state.',
    (status, emit) => {
      const waiting = status.state?.waiting;
      if (waiting) emit(1, { container: status.name, reason: waiting.reason ?? '' });
    },
  ),
  perStatus(
    'kube_pod_container_status_terminated',
    'Describes whether the container is currently in terminated state.',
    (status, emit) => emit(boolValue(!!status.state?.terminated), { container: status.name }),
  ),
  perStatus(
    'kube_pod_container_status_terminated_reason',
    'Describes the reason the container is currently in terminated state.',
    (status, emit) => {
      const terminated = status.state?.terminated;
      if (terminated) emit(1, { container: status.name, reason: terminated.reason ?? '' });
    },
  ),
  perStatus(
    'kube_pod_container_status_last_terminated_reason',
    'Describes the last reason the container was in terminated state.',
    (status, emit) => {
      const last = status.lastState?.terminated;
      if (last) emit(1, { container: status.name, reason: last.reason ?? '' });
    },
  ),
  perStatus(
    'kube_pod_container_status_last_terminated_exitcode',
    'Describes the exit code for the last container in terminated state.',
    (status, emit) => {
      const last = status.lastState?.terminated;
      if (last) emit(last.exitCode, { container: status.name });
    },
  ),
  resourceFamily(
    'kube_pod_container_resource_requests',
    'The number of requested request resource by a container.',
    (container) => container.resources?.requests,
  ),
  resourceFamily(
    'kube_pod_container_resource_limits',
    'The number of requested limit resource by a container.',
    (container) => container.resources?.limits,
  ),
];
