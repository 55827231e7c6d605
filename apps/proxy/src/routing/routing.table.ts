/**
 * The proxy's routing table: Service (`namespace/name`) → ports → ready backends. Written only by
 * the RoutingTableSyncer, read on every request.
 */
import type { ServicePortRoute, ServiceRoute } from './service-route';

/** The service port a NodePort listener serves. */
export interface NodePortRoute {
  service: string;
  portName: string;
}

/** The service port a load balancer address's listener serves. */
export interface LoadBalancerRoute extends NodePortRoute {
  ip: string;
  port: number;
}

export class RoutingTable {
  private readonly services = new Map<string, ServiceRoute>();
  /** clusterIP → Service key: the packet's destination, as kube-proxy's rules match it. */
  private readonly byClusterIP = new Map<string, string>();

  get(namespace: string, name: string): ServiceRoute | undefined {
    return this.services.get(`${namespace}/${name}`);
  }

  /** The Service whose clusterIP this is. */
  atClusterIP(ip: string): ServiceRoute | undefined {
    const key = this.byClusterIP.get(ip);
    return key === undefined ? undefined : this.services.get(key);
  }

  set(key: string, route: ServiceRoute | undefined): void {
    for (const ip of this.services.get(key)?.clusterIPs ?? [])
      if (this.byClusterIP.get(ip) === key) this.byClusterIP.delete(ip);
    if (route) {
      this.services.set(key, route);
      for (const ip of route.clusterIPs) this.byClusterIP.set(ip, key);
    } else this.services.delete(key);
  }

  keys(): string[] {
    return [...this.services.keys()];
  }

  /** Every nodePort of every routed Service. */
  nodePorts(): Map<number, NodePortRoute> {
    const ports = new Map<number, NodePortRoute>();
    for (const [service, route] of this.services) {
      for (const port of route.ports) {
        if (port.nodePort) ports.set(port.nodePort, { service, portName: port.name });
      }
    }
    return ports;
  }

  /**
   * Every `<ingress ip>:<service port>` of every LoadBalancer Service with an address, as a
   * cloud load balancer forwards its address's ports to the Service.
   */
  loadBalancerPorts(): Map<string, LoadBalancerRoute> {
    const ports = new Map<string, LoadBalancerRoute>();
    for (const [service, route] of this.services) {
      for (const ip of route.loadBalancerIPs ?? [])
        for (const port of route.ports)
          ports.set(`${ip}:${port.port}`, { ip, port: port.port, service, portName: port.name });
    }
    return ports;
  }

  /** Every kubelet some backend lives on (`host:port`). */
  kubeletKeys(): Set<string> {
    const keys = new Set<string>();
    for (const route of this.services.values()) {
      for (const port of route.ports) for (const backend of port.backends) keys.add(backend.kubelet.key);
    }
    return keys;
  }
}

/**
 * A service port by name or number (`http`, `8080`); the first port when none is asked for.
 * With `fallBackToFirst`, an unknown number also gets the first port (a Host header's port is
 * usually the proxy's own, not the Service's).
 */
export function findServicePort(
  route: ServiceRoute,
  wanted: string | undefined,
  fallBackToFirst = false,
): ServicePortRoute | undefined {
  if (wanted === undefined || wanted === '') return route.ports[0];
  const byName = route.ports.find((p) => p.name === wanted);
  if (byName) return byName;
  const byNumber = /^\d+$/.test(wanted) ? route.ports.find((p) => p.port === Number(wanted)) : undefined;
  return byNumber ?? (fallBackToFirst ? route.ports[0] : undefined);
}
