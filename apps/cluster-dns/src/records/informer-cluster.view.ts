/**
 * The ClusterView over informer caches (list + watch through the apiserver), as the CoreDNS
 * kubernetes plugin keeps its dnsController: Services, Endpoints, Namespaces and Pods. Every
 * answer reads the caches as they are, so a deleted Service is NXDOMAIN from the moment its
 * DELETED event arrives. Pods are watched only when pod names are verified.
 */
import {
  builtinResources,
  type Endpoints,
  type Namespace,
  type Pod,
  type ResourceDefinition,
  type Service,
} from '@orchestra/api';
import type { Informer, SharedInformerFactory } from '@orchestra/client';
import type { PodMode } from '../cluster-dns.config';
import { clusterIPsOf, readyAddressesWithIP, type ClusterView } from './cluster.view';

const definition = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

export class InformerClusterView implements ClusterView {
  private readonly services: Informer<Service>;
  private readonly endpointsInformer: Informer<Endpoints>;
  private readonly namespaces: Informer<Namespace>;
  private readonly pods?: Informer<Pod>;
  private lastChange = Math.floor(Date.now() / 1000);

  constructor(factory: SharedInformerFactory, podMode: PodMode) {
    this.services = factory.informerFor<Service>(definition('Service'));
    this.endpointsInformer = factory.informerFor<Endpoints>(definition('Endpoints'));
    this.namespaces = factory.informerFor<Namespace>(definition('Namespace'));
    if (podMode === 'verified') this.pods = factory.informerFor<Pod>(definition('Pod'));
    const changed = () => void (this.lastChange = Math.floor(Date.now() / 1000));
    for (const informer of this.informers())
      informer.addEventHandler({ onAdd: changed, onUpdate: changed, onDelete: changed });
  }

  hasSynced(): boolean {
    return this.informers().every((informer) => informer.hasSynced());
  }

  waitForSync(): Promise<void> {
    return Promise.all(this.informers().map((informer) => informer.waitForSync())).then(() => undefined);
  }

  /** Objects cached per resource, for the start-up log line. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.informers().map((i) => [i.client.def.plural, i.lister.keys().length]));
  }

  service(namespace: string, name: string): Service | undefined {
    return this.services.lister.get(`${namespace}/${name}`);
  }

  endpoints(namespace: string, name: string): Endpoints | undefined {
    return this.endpointsInformer.lister.get(`${namespace}/${name}`);
  }

  namespaceExists(namespace: string): boolean {
    return this.namespaces.lister.get(namespace) !== undefined;
  }

  podHasIP(namespace: string, ip: string): boolean {
    return (this.pods?.lister.list(namespace) ?? []).some(
      (pod) => pod.status?.podIP === ip || (pod.status?.podIPs ?? []).some((p) => p.ip === ip),
    );
  }

  /** A scan: reverse lookups are rare next to forward ones, and an index would cost every update. */
  servicesWithClusterIP(ip: string): Service[] {
    return this.services.lister.list().filter((service) => clusterIPsOf(service).includes(ip));
  }

  endpointAddressesWithIP(ip: string) {
    return readyAddressesWithIP(this.endpointsInformer.lister.list(), ip);
  }

  serial(): number {
    return this.lastChange;
  }

  private informers(): Informer<Service | Endpoints | Namespace | Pod>[] {
    return [
      this.services,
      this.endpointsInformer,
      this.namespaces,
      ...(this.pods ? [this.pods] : []),
    ] as Informer<Service | Endpoints | Namespace | Pod>[];
  }
}
