/**
 * Where the logs of a pod's container are (Kubernetes' pod.LogLocation plus the kubelet's
 * validateContainerLogStatus, checked here from the pod's status so the user gets the kubelet's
 * words without a round trip): which container, whether it has logs yet, and the URL of the
 * kubelet of the pod's node (its InternalIP and daemonEndpoints.kubeletEndpoint.Port).
 */
import { ApiError, type Node, type Pod } from '@orchestra/api';
import { sinceSecondsOf, type PodLogOptions } from './pod-log-options';

/** The container whose logs are asked for: named, or the pod's only one. */
export function logContainer(pod: Pod, container: string | undefined): string {
  const name = pod.metadata.name!;
  const names = pod.spec.containers.map((c) => c.name);
  const inits = (pod.spec.initContainers ?? []).map((c) => c.name);
  if (!container) {
    if (names.length === 1) return names[0];
    const initPart = inits.length ? ` or one of the init containers: [${inits.join(' ')}]` : '';
    throw ApiError.badRequest(
      `a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]${initPart}`,
    );
  }
  if (!names.includes(container) && !inits.includes(container))
    throw ApiError.badRequest(`container ${container} is not valid for pod ${name}`);
  return container;
}

/** 400 unless the container has run: waiting with nothing before it has no logs yet. */
export function assertHasLogs(pod: Pod, container: string, previous: boolean): void {
  const name = pod.metadata.name!;
  if (!pod.spec.nodeName)
    throw ApiError.badRequest(
      `container "${container}" in pod "${name}" is waiting to start: the pod is not scheduled to a node yet`,
    );
  const status = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
  ].find((s) => s.name === container);
  if (previous) {
    if (!status?.lastState?.terminated)
      throw ApiError.badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
    return;
  }
  // Running or exited, or waiting to restart after a run: the last run's logs are there.
  if (status?.state?.running || status?.state?.terminated || status?.lastState?.terminated) return;
  const reason = status?.state?.waiting?.reason || 'ContainerCreating';
  throw ApiError.badRequest(`container "${container}" in pod "${name}" is waiting to start: ${reason}`);
}

/** The kubelet's `/containerLogs/{namespace}/{pod}/{container}` for this request. */
export function kubeletLogUrl(node: Node, pod: Pod, container: string, options: PodLogOptions): URL {
  const address = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
  if (!address || !port)
    throw new ApiError(
      503,
      'ServiceUnavailable',
      `node "${node.metadata.name}" reports no kubelet endpoint (InternalIP and kubelet port)`,
    );
  const host = address.includes(':') ? `[${address}]` : address;
  const path = [pod.metadata.namespace!, pod.metadata.name!, container].map(encodeURIComponent).join('/');
  const url = new URL(`http://${host}:${port}/containerLogs/${path}`);
  const since = sinceSecondsOf(options);
  if (options.tailLines !== undefined) url.searchParams.set('tailLines', String(options.tailLines));
  if (since !== undefined) url.searchParams.set('sinceSeconds', String(since));
  if (options.timestamps) url.searchParams.set('timestamps', 'true');
  if (options.previous) url.searchParams.set('previous', 'true');
  if (options.follow) url.searchParams.set('follow', 'true');
  return url;
}
