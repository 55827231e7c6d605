/**
 * The cluster DNS process's lifecycle (CoreDNS with its kubernetes plugin): informers on
 * Services, Endpoints, Namespaces and Pods start at boot, DNS is served over UDP and TCP on
 * CLUSTER_DNS_PORT at once (SERVFAIL until the caches have synced, as CoreDNS answers while its
 * kubernetes plugin is not yet ready), and readiness waits for both (`informers-synced`,
 * `dns-listening`). component-kill and component-pause of `cluster-dns` hit every instance.
 */
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { componentApiClient, ComponentChaosAgent, SharedInformerFactory } from '@orchestra/client';
import { LOGGER, METRICS_REGISTRY, ReadinessRegistry, type Logger } from '@orchestra/observability';
import type { Registry } from 'prom-client';
import { CLUSTER_DNS_CONFIG, type ClusterDnsConfig } from './cluster-dns.config';
import { ClusterDnsMetrics } from './cluster-dns.metrics';
import { InformerClusterView } from './records/informer-cluster.view';
import { DnsQueryHandler } from './server/dns-query.handler';
import { DnsListeners } from './server/dns.listeners';

export const CLUSTER_DNS_START_LINE = 'cluster DNS started: answering for the cluster domain';

@Injectable()
export class ClusterDnsService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly view: InformerClusterView;
  private readonly informers: SharedInformerFactory;
  private readonly listeners: DnsListeners;
  private readonly chaosAgent: ComponentChaosAgent;
  private syncing?: Promise<void>;
  /** Where DNS is served once listening (the port the OS gave, with CLUSTER_DNS_PORT=0). */
  dnsAddress?: { address: string; port: number };

  constructor(
    @Inject(CLUSTER_DNS_CONFIG) private readonly config: ClusterDnsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ReadinessRegistry) readiness: ReadinessRegistry,
  ) {
    const client = componentApiClient(config, 'coredns/v0.1.0 (linux/amd64) kubernetes/orchestra', registry);
    this.informers = new SharedInformerFactory(client, { logger });
    this.view = new InformerClusterView(this.informers, config.CLUSTER_DNS_PODS);
    const handler = new DnsQueryHandler({
      view: this.view,
      zone: { domain: config.CLUSTER_DOMAIN, ttl: config.CLUSTER_DNS_TTL, pods: config.CLUSTER_DNS_PODS },
      metrics: new ClusterDnsMetrics(registry),
      logger,
      server: `dns://${config.BIND_ADDRESS}:${config.CLUSTER_DNS_PORT}`,
      synced: () => this.view.hasSynced(),
    });
    this.listeners = new DnsListeners(handler, logger);
    readiness.register('informers-synced', () => this.view.hasSynced());
    readiness.register('dns-listening', () => this.listeners.listening());
    // component-kill and component-pause: back once it answers from synced caches again.
    this.chaosAgent = new ComponentChaosAgent({
      component: 'cluster-dns',
      client,
      logger,
      names: () => ['cluster-dns'],
      isWorking: () => this.view.hasSynced() && this.listeners.listening(),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.informers.start();
    this.chaosAgent.start();
    this.dnsAddress = await this.listeners.listen(this.config.CLUSTER_DNS_PORT, this.config.BIND_ADDRESS);
    this.logger.info(CLUSTER_DNS_START_LINE, {
      domain: this.config.CLUSTER_DOMAIN,
      dns: `${this.dnsAddress.address}:${this.dnsAddress.port}`,
      apiserver: this.config.APISERVER_URL,
    });
    this.syncing = this.view.waitForSync().then(
      () => void this.logger.info('caches synced', { objects: this.view.counts() }),
      // Only a stop before the first list rejects: nothing to report then.
      (error: Error) => void this.logger.debug('caches did not sync', { error }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.chaosAgent.stop();
    await this.listeners.close();
    await this.informers.stop();
    await this.syncing;
  }
}
