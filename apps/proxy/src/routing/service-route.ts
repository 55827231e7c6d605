/**
 * One Service as the proxy routes it: each service port with its ready backends, each backend
 * resolved to the kubelet that serves its pod (userspace kube-proxy's `ServiceInfo` and
 * endpoints, in one value). Built from scratch by a pure function whenever the Service, its
 * Endpoints or one of their Nodes change.
 */
import type { Endpoints, Node, Service } from '@orchestra/api';
import { kubeletTargetOf, type KubeletTarget } from './kubelet-target';

export interface Backend {
  /** The pod's IP (`X-Orchestra-Pod-IP`). */
  ip: string;
  /** The pod's container port (`X-Orchestra-Pod-Port`), from the Endpoints port. */
  port: number;
  nodeName: string;
  /** The pod's name (targetRef), or its IP when the address names no pod: a metric label. */
  pod: string;
  kubelet: KubeletTarget;
}

export interface ServicePortRoute {
  /** The service port's name, `''` for a Service's single unnamed port. */
  name: string;
  port: number;
  nodePort?: number;
  backends: Backend[];
}

export interface ServiceRoute {
  namespace: string;
  name: string;
  /** The Service's virtual IPs: a pod's request to one of them (Host `<clusterIP>:<port>`) is for this Service. */
  clusterIPs: string[];
  ports: ServicePortRoute[];
  /** A LoadBalancer Service's external addresses (status.loadBalancer.ingress[].ip). */
  loadBalancerIPs?: string[];
}

/** Why a ready address gets no traffic. */
export type SkipReason = 'node-unknown' | 'no-kubelet-endpoint';

export interface BuiltRoute {
  /** Undefined for Services the proxy does not route (ExternalName). */
  route?: ServiceRoute;
  skipped: Record<SkipReason, number>;
  /** Nodes the Endpoints name: a change to one of them rebuilds this route. */
  nodeNames: Set<string>;
}

export function buildServiceRoute(
  service: Service,
  endpoints: Endpoints | undefined,
  nodeByName: (name: string) => Node | undefined,
): BuiltRoute {
  const skipped: Record<SkipReason, number> = { 'node-unknown': 0, 'no-kubelet-endpoint': 0 };
  const nodeNames = new Set<string>();
  if (service.spec?.type === 'ExternalName') return { skipped, nodeNames };
  const ports = (service.spec?.ports ?? []).map((servicePort): ServicePortRoute => {
    const name = servicePort.name ?? '';
    const backends: Backend[] = [];
    for (const subset of endpoints?.subsets ?? []) {
      const endpointPort = subset.ports?.find((p) => (p.name ?? '') === name);
      if (!endpointPort) continue;
      // Only ready addresses: notReadyAddresses never get traffic.
      for (const address of subset.addresses ?? []) {
        if (address.nodeName) nodeNames.add(address.nodeName);
        const node = address.nodeName ? nodeByName(address.nodeName) : undefined;
        if (!node) {
          skipped['node-unknown']++;
          continue;
        }
        const kubelet = kubeletTargetOf(node);
        if (!kubelet) {
          skipped['no-kubelet-endpoint']++;
          continue;
        }
        backends.push({
          ip: address.ip,
          port: endpointPort.port,
          nodeName: node.metadata.name ?? '',
          pod: address.targetRef?.name ?? address.ip,
          kubelet,
        });
      }
    }
    return { name, port: servicePort.port, nodePort: servicePort.nodePort, backends };
  });
  const { namespace = '', name = '' } = service.metadata;
  const { clusterIP, clusterIPs } = service.spec ?? {};
  const virtualIPs = clusterIP && clusterIP !== 'None' ? (clusterIPs?.length ? clusterIPs : [clusterIP]) : [];
  const loadBalancerIPs =
    service.spec?.type === 'LoadBalancer'
      ? (service.status?.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : []))
      : [];
  return {
    route: {
      namespace,
      name,
      clusterIPs: virtualIPs,
      ports,
      ...(loadBalancerIPs.length ? { loadBalancerIPs } : {}),
    },
    skipped,
    nodeNames,
  };
}
