/**
 * Keeps the routing table in step with the cluster (kube-proxy's `syncProxyRules`): informers on
 * Services, Endpoints and Nodes mark Services dirty; one sync per turn of the event loop rebuilds
 * only the dirty ones. A Node change rebuilds the Services with endpoints on that Node.
 */
import {
  builtinResources,
  type Endpoints,
  type Node,
  type ResourceDefinition,
  type Service,
} from '@orchestra/api';
import { objectKey, type Informer, type SharedInformerFactory } from '@orchestra/client';
import type { Logger } from '@orchestra/observability';
import type { ProxyMetrics } from '../proxy.metrics';
import { RoutingTable } from './routing.table';
import { buildServiceRoute } from './service-route';

const definition = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

/** Told after each sync which Services (`namespace/name`) were rebuilt. */
export type RoutingChangeListener = (changed: string[]) => void;

export class RoutingTableSyncer {
  readonly table = new RoutingTable();
  private readonly services: Informer<Service>;
  private readonly endpoints: Informer<Endpoints>;
  private readonly nodes: Informer<Node>;
  private readonly dirty = new Set<string>();
  /** node name → Services with endpoints on it, and back. */
  private readonly servicesByNode = new Map<string, Set<string>>();
  private readonly nodesByService = new Map<string, Set<string>>();
  private readonly listeners = new Set<RoutingChangeListener>();
  private synced = false;
  private scheduled?: NodeJS.Immediate;

  constructor(
    factory: SharedInformerFactory,
    private readonly metrics: ProxyMetrics,
    private readonly logger: Logger,
  ) {
    this.services = factory.informerFor<Service>(definition('Service'));
    this.endpoints = factory.informerFor<Endpoints>(definition('Endpoints'));
    this.nodes = factory.informerFor<Node>(definition('Node'));
    const service = (object: Service) => {
      this.metrics.serviceChanges.inc();
      this.markDirty(objectKey(object));
    };
    const endpoints = (object: Endpoints) => {
      this.metrics.endpointChanges.inc();
      this.markDirty(objectKey(object));
    };
    const node = (object: Node) => this.markNode(object.metadata.name ?? '');
    this.services.addEventHandler({ onAdd: service, onUpdate: (_, o) => service(o), onDelete: service });
    this.endpoints.addEventHandler({
      onAdd: endpoints,
      onUpdate: (_, o) => endpoints(o),
      onDelete: endpoints,
    });
    this.nodes.addEventHandler({ onAdd: node, onUpdate: (_, o) => node(o), onDelete: node });
  }

  /** The informers have listed everything once and the first full sync is done. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** After the informers' first list: build every route, then keep up with changes. */
  async start(): Promise<void> {
    await Promise.all([this.services, this.endpoints, this.nodes].map((i) => i.waitForSync()));
    for (const key of this.services.lister.keys()) this.dirty.add(key);
    this.sync(true);
    this.synced = true;
    this.logger.info('routing table synced', { services: this.table.keys().length });
  }

  onChange(listener: RoutingChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.listeners.clear();
  }

  /** Rebuilds the dirty Services (kube-proxy's syncProxyRules); `full` records even an empty sync. */
  sync(full = false): void {
    this.scheduled = undefined;
    if (this.dirty.size === 0 && !full) return;
    const started = process.hrtime.bigint();
    const changed = [...this.dirty];
    this.dirty.clear();
    for (const key of changed) this.rebuild(key);
    this.metrics.syncDuration.observe(Number(process.hrtime.bigint() - started) / 1e9);
    this.metrics.syncLastTimestamp.set(Date.now() / 1000);
    for (const listener of this.listeners) {
      try {
        listener(changed);
      } catch (error) {
        this.logger.error('routing change listener failed', { error });
      }
    }
  }

  private rebuild(key: string): void {
    const [namespace, name] = key.split('/');
    const service = this.services.lister.get(key);
    const built = service
      ? buildServiceRoute(service, this.endpoints.lister.get(key), (n) => this.nodes.lister.get(n))
      : undefined;
    this.table.set(key, built?.route);
    this.metrics.setSkipped(namespace, name, built?.route ? built.skipped : undefined);
    this.indexNodes(key, built?.nodeNames ?? new Set());
  }

  private indexNodes(key: string, nodeNames: Set<string>): void {
    for (const old of this.nodesByService.get(key) ?? []) {
      const services = this.servicesByNode.get(old);
      services?.delete(key);
      if (services?.size === 0) this.servicesByNode.delete(old);
    }
    if (nodeNames.size === 0) this.nodesByService.delete(key);
    else this.nodesByService.set(key, nodeNames);
    for (const node of nodeNames) {
      const services = this.servicesByNode.get(node) ?? new Set<string>();
      services.add(key);
      this.servicesByNode.set(node, services);
    }
  }

  private markNode(name: string): void {
    for (const key of this.servicesByNode.get(name) ?? []) this.markDirty(key);
  }

  private markDirty(key: string): void {
    this.dirty.add(key);
    // Before the first full sync, start() builds everything at once.
    if (this.synced && !this.scheduled) this.scheduled = setImmediate(() => this.sync());
  }
}
