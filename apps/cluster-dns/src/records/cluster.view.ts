/**
 * What the DNS answers are made of: the cluster's Services, Endpoints, Namespaces and Pods, read
 * from informer caches (informer-cluster.view.ts) or, in unit specs, from plain arrays. The
 * answering logic (kubernetes.zone.ts) sees only this, so it stays pure.
 */
import type { EndpointAddress, Endpoints, Service } from '@orchestra/api';

export interface ClusterView {
  service(namespace: string, name: string): Service | undefined;
  endpoints(namespace: string, name: string): Endpoints | undefined;
  namespaceExists(namespace: string): boolean;
  /** Whether a pod of the namespace has this IP (`pods verified`). */
  podHasIP(namespace: string, ip: string): boolean;
  /** Services whose clusterIP(s) include `ip` (reverse lookups). */
  servicesWithClusterIP(ip: string): Service[];
  /** Ready endpoint addresses with this IP, with the Endpoints they are in (reverse lookups). */
  endpointAddressesWithIP(ip: string): { endpoints: Endpoints; address: EndpointAddress }[];
  /** The SOA serial: Unix seconds of the last change the caches saw. */
  serial(): number;
}

/** A view over fixed lists: for specs, and for anything that already holds the objects. */
export function staticClusterView(objects: {
  services?: Service[];
  endpoints?: Endpoints[];
  namespaces?: string[];
  pods?: { namespace: string; ip: string }[];
  serial?: number;
}): ClusterView {
  const { services = [], endpoints = [], namespaces = [], pods = [] } = objects;
  const named =
    (namespace: string, name: string) => (o: { metadata: { namespace?: string; name?: string } }) =>
      o.metadata.namespace === namespace && o.metadata.name === name;
  return {
    service: (namespace, name) => services.find(named(namespace, name)),
    endpoints: (namespace, name) => endpoints.find(named(namespace, name)),
    namespaceExists: (namespace) => namespaces.includes(namespace),
    podHasIP: (namespace, ip) => pods.some((p) => p.namespace === namespace && p.ip === ip),
    servicesWithClusterIP: (ip) => services.filter((s) => clusterIPsOf(s).includes(ip)),
    endpointAddressesWithIP: (ip) => readyAddressesWithIP(endpoints, ip),
    serial: () => objects.serial ?? 1,
  };
}

/** A Service's virtual IPs: none for headless and ExternalName Services. */
export function clusterIPsOf(service: Service): string[] {
  const { clusterIP, clusterIPs, type } = service.spec ?? {};
  if (type === 'ExternalName' || !clusterIP || clusterIP === 'None') return [];
  return clusterIPs?.length ? clusterIPs : [clusterIP];
}

export function isHeadless(service: Service): boolean {
  return service.spec?.clusterIP === 'None';
}

export function readyAddressesWithIP(
  all: Iterable<Endpoints>,
  ip: string,
): { endpoints: Endpoints; address: EndpointAddress }[] {
  const found: { endpoints: Endpoints; address: EndpointAddress }[] = [];
  for (const endpoints of all) {
    for (const subset of endpoints.subsets ?? []) {
      for (const address of subset.addresses ?? []) if (address.ip === ip) found.push({ endpoints, address });
    }
  }
  return found;
}
