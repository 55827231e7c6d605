/** The taint eviction controller's metrics, with Kubernetes' names (pkg/controller/tainteviction/metrics). */
import { Counter, Histogram, Registry } from 'prom-client';

export interface TaintEvictionMetrics {
  podDeletionsTotal: Counter;
  podDeletionDuration: Histogram;
}

const perRegistry = new WeakMap<Registry, TaintEvictionMetrics>();

export function taintEvictionMetrics(registry: Registry): TaintEvictionMetrics {
  let metrics = perRegistry.get(registry);
  if (metrics) return metrics;
  const registers = [registry];
  metrics = {
    podDeletionsTotal: new Counter({
      name: 'taint_eviction_controller_pod_deletions_total',
      help: 'Total number of Pods deleted by TaintEvictionController since its start.',
      registers,
    }),
    podDeletionDuration: new Histogram({
      name: 'taint_eviction_controller_pod_deletion_duration_seconds',
      help: 'Latency, in seconds, between the time when a taint effect has been activated for the Pod and its deletion via TaintEvictionController.',
      buckets: [0.005, 0.025, 0.1, 0.5, 1, 2.5, 10, 30, 60, 120, 180, 240],
      registers,
    }),
  };
  perRegistry.set(registry, metrics);
  return metrics;
}
