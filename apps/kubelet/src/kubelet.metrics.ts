/**
 * The kubelet's Prometheus metrics under their Kubernetes names (kubelet's own and cAdvisor's
 * container_* series), computed on scrape from the pod workers and the runtime, plus
 * Orchestra's count of pod status writes (to see that unchanged statuses cost nothing).
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ContainerUsage, RuntimeContainerStatus } from './runtime/container-runtime';

/** What the metrics read at scrape time. */
export interface KubeletMetricsSource {
  nodeNames(): string[];
  /** Every live container of every pod of this process. */
  containers(): {
    namespace: string;
    pod: string;
    container: string;
    status?: RuntimeContainerStatus;
    usage?: ContainerUsage;
  }[];
  runningPods(): number;
}

export class KubeletMetrics {
  readonly podStartDuration: Histogram;
  readonly statusWrites: Counter;
  private source?: KubeletMetricsSource;

  constructor(registry: Registry) {
    this.podStartDuration = new Histogram({
      name: 'kubelet_pod_start_duration_seconds',
      help: 'Duration in seconds from kubelet seeing a pod for the first time to the pod starting to run',
      buckets: [0.5, 1, 2, 3, 4, 5, 6, 8, 10, 20, 30, 45, 60, 120, 180, 240, 300, 360, 480, 600, 900],
      registers: [registry],
    });
    this.statusWrites = new Counter({
      name: 'orchestra_kubelet_pod_status_writes_total',
      help: 'Pod status writes by the kubelet (only statuses that changed are written)',
      registers: [registry],
    });
    // collect() runs with `this` bound to the metric: reach the source through a closure.
    const source = (): KubeletMetricsSource | undefined => this.source;
    new Gauge({
      name: 'kubelet_node_name',
      help: "The node's name. The count is always 1.",
      labelNames: ['node'],
      registers: [registry],
      collect() {
        this.reset();
        for (const node of source()?.nodeNames() ?? []) this.set({ node }, 1);
      },
    });
    new Gauge({
      name: 'kubelet_running_pods',
      help: 'Number of pods that have a running pod sandbox',
      registers: [registry],
      collect() {
        this.set(source()?.runningPods() ?? 0);
      },
    });
    new Gauge({
      name: 'kubelet_running_containers',
      help: 'Number of containers currently running',
      labelNames: ['container_state'],
      registers: [registry],
      collect() {
        this.reset();
        const counts: Record<string, number> = { created: 0, running: 0, exited: 0 };
        for (const c of source()?.containers() ?? []) if (c.status) counts[c.status.state.kind]++;
        for (const [state, count] of Object.entries(counts)) this.set({ container_state: state }, count);
      },
    });
    // cAdvisor's labels (less its cgroup `id` and runtime `name`): with `image`, kubernetes-mixin's
    // `image!=""` (which drops cgroup aggregates) keeps Orchestra's per-container series.
    const containerLabels = ['namespace', 'pod', 'container', 'image'] as const;
    const labelsOf = (c: ReturnType<KubeletMetricsSource['containers']>[number]) => ({
      namespace: c.namespace,
      pod: c.pod,
      container: c.container,
      image: c.status?.image ?? '',
    });
    new Counter({
      name: 'container_cpu_usage_seconds_total',
      help: 'Cumulative cpu time consumed in seconds.',
      labelNames: containerLabels,
      registers: [registry],
      collect() {
        // The runtime keeps the running total: republish it as the counter's value.
        this.reset();
        for (const c of source()?.containers() ?? [])
          if (c.usage) this.inc(labelsOf(c), c.usage.cpuSecondsTotal);
      },
    });
    const memoryGauge = (name: string, help: string) =>
      new Gauge({
        name,
        help,
        labelNames: containerLabels,
        registers: [registry],
        collect() {
          this.reset();
          for (const c of source()?.containers() ?? [])
            if (c.usage) this.set(labelsOf(c), c.usage.memoryWorkingSetBytes);
        },
      });
    memoryGauge('container_memory_working_set_bytes', 'Current working set in bytes.');
    // A simulated container has no page cache: all of its working set is resident.
    memoryGauge('container_memory_rss', 'Size of RSS in bytes.');
  }

  /** Set once the pod workers exist (the registry is created before them). */
  observe(source: KubeletMetricsSource): void {
    this.source = source;
  }
}
