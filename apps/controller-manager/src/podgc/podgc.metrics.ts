/** The pod garbage collector's metrics, with Kubernetes' names (pkg/controller/podgc/metrics). */
import { Counter, Registry } from 'prom-client';

export interface PodGcMetrics {
  deletingPodsTotal: Counter<'namespace' | 'reason'>;
  deletingPodsErrorTotal: Counter<'namespace' | 'reason'>;
}

const perRegistry = new WeakMap<Registry, PodGcMetrics>();

export function podGcMetrics(registry: Registry): PodGcMetrics {
  let metrics = perRegistry.get(registry);
  if (metrics) return metrics;
  const registers = [registry];
  metrics = {
    deletingPodsTotal: new Counter({
      name: 'pod_gc_collector_force_delete_pods_total',
      help: 'Number of pods that are being forcefully deleted since the Pod GC Controller started.',
      labelNames: ['namespace', 'reason'],
      registers,
    }),
    deletingPodsErrorTotal: new Counter({
      name: 'pod_gc_collector_force_delete_pod_errors_total',
      help: 'Number of errors encountered when forcefully deleting the pods since the Pod GC Controller started.',
      labelNames: ['namespace', 'reason'],
      registers,
    }),
  };
  perRegistry.set(registry, metrics);
  return metrics;
}
