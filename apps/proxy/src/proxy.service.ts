/**
 * The kube-proxy process's lifecycle: informers start at boot, the routing table follows them,
 * the traffic port and the NodePort listeners serve from it (readiness: `informers-synced`),
 * and the load generator, if configured, sends its steady load through the traffic port.
 */
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { componentApiClient, ComponentChaosAgent, SharedInformerFactory } from '@orchestra/client';
import { LOGGER, METRICS_REGISTRY, ReadinessRegistry, type Logger } from '@orchestra/observability';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { HttpFaults } from './chaos/http-faults';
import { LoadGenerator } from './load/load.generator';
import { LoadMetrics } from './load/load.metrics';
import { PROXY_CONFIG, type ProxyConfig } from './proxy.config';
import { ProxyMetrics } from './proxy.metrics';
import { RoundRobinBalancer } from './routing/round-robin.balancer';
import { RoutingTableSyncer } from './routing/routing-table.syncer';
import { HttpListener } from './traffic/http.listener';
import { KubeletAgentPool } from './traffic/kubelet-agent.pool';
import { LoadBalancerListeners } from './traffic/load-balancer.listeners';
import { NodePortListeners } from './traffic/node-port.listeners';
import { ServiceProxy } from './traffic/service.proxy';

export const PROXY_START_LINE =
  'proxy started: routing Service traffic to ready endpoints through their kubelets';

@Injectable()
export class ProxyService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly syncer: RoutingTableSyncer;
  readonly nodePorts: NodePortListeners;
  readonly loadBalancers: LoadBalancerListeners;
  readonly load: LoadGenerator;
  private readonly informers: SharedInformerFactory;
  private readonly balancer = new RoundRobinBalancer();
  private readonly agents: KubeletAgentPool;
  private readonly traffic: HttpListener;
  private syncing?: Promise<void>;
  private readonly chaosAgent: ComponentChaosAgent;

  constructor(
    @Inject(PROXY_CONFIG) private readonly config: ProxyConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ReadinessRegistry) readiness: ReadinessRegistry,
  ) {
    const client = componentApiClient(config, 'kube-proxy/v0.1.0 (linux/amd64)', registry);
    const metrics = new ProxyMetrics(registry);
    this.informers = new SharedInformerFactory(client, { logger });
    this.syncer = new RoutingTableSyncer(this.informers, metrics, logger);
    this.agents = new KubeletAgentPool(config.PROXY_UPSTREAM_MAX_SOCKETS);
    const faults = new HttpFaults(this.informers);
    const proxy = new ServiceProxy({
      table: this.syncer.table,
      balancer: this.balancer,
      agents: this.agents,
      metrics,
      logger,
      timeoutMs: config.PROXY_UPSTREAM_TIMEOUT_MS,
      faults,
    });
    this.traffic = new HttpListener((req, res) => proxy.handle(req, res));
    this.nodePorts = new NodePortListeners(this.syncer.table, proxy, config.BIND_ADDRESS, logger);
    this.loadBalancers = new LoadBalancerListeners(this.syncer.table, proxy, logger);
    this.load = new LoadGenerator({
      proxyAddress: () => reachable(this.traffic.address()),
      timeoutMs: config.LOAD_TIMEOUT_MS,
      metrics: new LoadMetrics(registry),
      logger,
    });
    this.syncer.onChange((changed) => this.routesChanged(changed));
    readiness.register('informers-synced', () => this.syncer.hasSynced() && faults.hasSynced());
    // component-kill and component-pause: back once it routes again.
    this.chaosAgent = new ComponentChaosAgent({
      component: 'proxy',
      client,
      logger,
      names: () => ['proxy'],
      isWorking: () => this.syncer.hasSynced() && this.traffic.address() !== undefined,
    });
  }

  /** The traffic port's address once it listens. */
  trafficAddress(): AddressInfo | undefined {
    return this.traffic.address();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.informers.start();
    this.chaosAgent.start();
    this.syncing = this.syncer.start().catch((error: Error) => {
      this.logger.warn('routing table did not sync', { error });
    });
    const { address, port } = await this.traffic.listen(
      this.config.PROXY_TRAFFIC_PORT,
      this.config.BIND_ADDRESS,
    );
    this.logger.info(PROXY_START_LINE, {
      apiserver: this.config.APISERVER_URL,
      traffic: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
      nodePorts: this.config.PROXY_NODE_PORTS,
      loadBalancers: this.config.PROXY_LOAD_BALANCERS,
      loadTargets: this.config.LOAD_TARGETS.length,
    });
    this.load.setTargets(this.config.LOAD_TARGETS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.load.stop();
    await this.chaosAgent.stop();
    this.syncer.stop();
    await this.informers.stop();
    await this.syncing;
    await Promise.all([this.nodePorts.close(), this.loadBalancers.close(), this.traffic.close()]);
    this.agents.close();
  }

  private routesChanged(changed: string[]): void {
    for (const key of changed) {
      if (!this.syncer.table.keys().includes(key)) this.balancer.forget(key);
    }
    if (this.config.PROXY_NODE_PORTS) this.nodePorts.reconcile();
    if (this.config.PROXY_LOAD_BALANCERS) this.loadBalancers.reconcile();
    this.agents.retain(this.syncer.table.kubeletKeys());
  }
}

/** A wildcard bind address is reached on loopback. */
function reachable(address: AddressInfo | undefined): { host: string; port: number } | undefined {
  if (!address) return undefined;
  const host =
    address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  return { host, port: address.port };
}
