/**
 * The node lifecycle controller's metrics, with Kubernetes' names (pkg/controller/nodelifecycle
 * metrics.go): per zone, its size, its share of healthy nodes, its unhealthy nodes and the NoExecute
 * taintings ("evictions") made; and how long health checks take.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface NodeLifecycleMetrics {
  zoneHealth: Gauge<'zone'>;
  zoneSize: Gauge<'zone'>;
  unhealthyNodes: Gauge<'zone'>;
  evictionsTotal: Counter<'zone'>;
  updateNodeHealthDuration: Histogram;
  updateAllNodesHealthDuration: Histogram;
}

const exponential = (start: number, factor: number, count: number) =>
  Array.from({ length: count }, (_, i) => start * factor ** i);

const perRegistry = new WeakMap<Registry, NodeLifecycleMetrics>();

export function nodeLifecycleMetrics(registry: Registry): NodeLifecycleMetrics {
  let metrics = perRegistry.get(registry);
  if (metrics) return metrics;
  const registers = [registry];
  metrics = {
    zoneHealth: new Gauge({
      name: 'node_collector_zone_health',
      help: 'Gauge measuring percentage of healthy nodes per zone.',
      labelNames: ['zone'],
      registers,
    }),
    zoneSize: new Gauge({
      name: 'node_collector_zone_size',
      help: 'Gauge measuring number of registered Nodes per zones.',
      labelNames: ['zone'],
      registers,
    }),
    unhealthyNodes: new Gauge({
      name: 'node_collector_unhealthy_nodes_in_zone',
      help: 'Gauge measuring number of not Ready Nodes per zones.',
      labelNames: ['zone'],
      registers,
    }),
    evictionsTotal: new Counter({
      name: 'node_collector_evictions_total',
      help: 'Number of Node evictions that happened since current instance of NodeController started.',
      labelNames: ['zone'],
      registers,
    }),
    updateNodeHealthDuration: new Histogram({
      name: 'node_collector_update_node_health_duration_seconds',
      help: 'Duration in seconds for NodeController to update the health of a single node.',
      buckets: exponential(0.001, 4, 8),
      registers,
    }),
    updateAllNodesHealthDuration: new Histogram({
      name: 'node_collector_update_all_nodes_health_duration_seconds',
      help: 'Duration in seconds for NodeController to update the health of all nodes.',
      buckets: exponential(0.01, 4, 8),
      registers,
    }),
  };
  perRegistry.set(registry, metrics);
  return metrics;
}
