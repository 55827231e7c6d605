/**
 * What the Endpoints of a Service should be (Kubernetes pkg/controller/endpoint syncService, pure):
 * the pods its selector selects that have an IP and are not terminating or finished, ready ones in
 * `addresses` and the others in `notReadyAddresses`, with each service port's target port resolved
 * on the pod, repacked into canonical subsets. Decides create, update or nothing.
 */
import {
  EndpointAddress,
  EndpointPort,
  Endpoints,
  EndpointSubset,
  Pod,
  Service,
  ServicePort,
} from '@orchestra/api';
import { isPodReady } from '../controller-utils/pod-readiness';
import { repackSubsets, subsetsEqualIgnoringResourceVersion } from './endpoint-subsets';

/** Set on the Endpoints of a headless Service (clusterIP None), as Kubernetes does. */
export const headlessServiceLabel = 'service.kubernetes.io/headless';

/** core/v1 ServiceSpec.publishNotReadyAddresses, not (yet) in Orchestra's ServiceSpec type. */
type ServiceSpecWithPublish = Service['spec'] & { publishNotReadyAddresses?: boolean };

export type EndpointsSync =
  | { action: 'none'; reason: 'no-selector' | 'unchanged' }
  | { action: 'create' | 'update'; endpoints: Endpoints };

/** Services without a selector have user-managed Endpoints (so does `selector: {}`, as after a protobuf round trip). */
export function hasSelector(service: Service): boolean {
  return Object.keys(service.spec.selector ?? {}).length > 0;
}

export function selectsPod(service: Service, pod: Pod): boolean {
  const labels = pod.metadata.labels ?? {};
  return Object.entries(service.spec.selector ?? {}).every(([key, value]) => labels[key] === value);
}

export function podIP(pod: Pod): string | undefined {
  return pod.status?.podIP || pod.status?.podIPs?.[0]?.ip || undefined;
}

/** endpointsliceutil.ShouldPodBeInEndpoints: an IP, not finished, not terminating (unless tolerated). */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (!podIP(pod)) return false;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  return includeTerminating || !pod.metadata.deletionTimestamp;
}

/**
 * podutil.FindPort: a numeric targetPort is the port; a named one is looked up among the pod's
 * containers' ports with the service port's protocol. Undefined: the pod does not offer it.
 */
export function findPort(pod: Pod, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  const protocol = servicePort.protocol ?? 'TCP';
  for (const container of pod.spec.containers ?? []) {
    for (const port of container.ports ?? []) {
      if (port.name === target && (port.protocol ?? 'TCP') === protocol) return port.containerPort;
    }
  }
  return undefined;
}

export function endpointAddress(service: Service, pod: Pod, ip: string): EndpointAddress {
  const { hostname, subdomain, nodeName } = pod.spec;
  // A pod's hostname is published only for the Service its subdomain names (DNS for StatefulSets).
  const publishHostname =
    hostname && subdomain === service.metadata.name && pod.metadata.namespace === service.metadata.namespace;
  return {
    ip,
    ...(publishHostname ? { hostname } : {}),
    ...(nodeName ? { nodeName } : {}),
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      uid: pod.metadata.uid,
      resourceVersion: pod.metadata.resourceVersion,
    },
  };
}

/** The subsets for these pods (those of the Service's namespace), repacked and sorted. */
export function computeSubsets(service: Service, pods: readonly Pod[]): EndpointSubset[] {
  const publishNotReady = (service.spec as ServiceSpecWithPublish).publishNotReadyAddresses === true;
  const subsets: EndpointSubset[] = [];
  for (const pod of pods) {
    const ip = podIP(pod);
    if (!ip || !selectsPod(service, pod) || !shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const address = endpointAddress(service, pod, ip);
    const ready = publishNotReady || isPodReady(pod);
    for (const servicePort of service.spec.ports ?? []) {
      const port = findPort(pod, servicePort);
      if (port === undefined) continue;
      const ports = [endpointPort(servicePort, port)];
      subsets.push(ready ? { addresses: [address], ports } : { notReadyAddresses: [address], ports });
    }
  }
  return repackSubsets(subsets);
}

function endpointPort(servicePort: ServicePort, port: number): EndpointPort {
  return {
    ...(servicePort.name ? { name: servicePort.name } : {}),
    port,
    protocol: servicePort.protocol ?? 'TCP',
    ...(servicePort.appProtocol ? { appProtocol: servicePort.appProtocol } : {}),
  };
}

/** The Service's labels, plus the headless label for clusterIP None. */
export function endpointsLabels(service: Service): Record<string, string> {
  const labels = { ...(service.metadata.labels ?? {}) };
  delete labels[headlessServiceLabel];
  if (service.spec.clusterIP === 'None') labels[headlessServiceLabel] = '';
  return labels;
}

/**
 * Decide for one Service: `current` is its Endpoints in the cache (same namespace and name), if
 * any; `pods` the pods of its namespace. Updates keep the current metadata (resourceVersion for
 * the compare-and-swap, annotations) and replace labels and subsets.
 */
export function syncEndpoints(service: Service, pods: readonly Pod[], current?: Endpoints): EndpointsSync {
  if (!hasSelector(service)) return { action: 'none', reason: 'no-selector' };
  const subsets = computeSubsets(service, pods);
  const labels = endpointsLabels(service);
  if (!current) {
    const { name, namespace } = service.metadata;
    return {
      action: 'create',
      endpoints: { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace, labels }, subsets },
    };
  }
  if (
    subsetsEqualIgnoringResourceVersion(current.subsets, subsets) &&
    sameLabels(current.metadata.labels, labels)
  )
    return { action: 'none', reason: 'unchanged' };
  return {
    action: 'update',
    endpoints: {
      apiVersion: 'v1',
      kind: 'Endpoints',
      ...current,
      metadata: { ...current.metadata, labels },
      subsets,
    },
  };
}

function sameLabels(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  const entries = Object.entries(a ?? {});
  return entries.length === Object.keys(b).length && entries.every(([key, value]) => b[key] === value);
}
