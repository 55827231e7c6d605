/** cluster-autoscaler's own metric names (cluster-autoscaler/metrics/metrics.go), where Orchestra has the concept. */
import { Counter, Gauge, type Registry } from 'prom-client';

export class ClusterAutoscalerMetrics {
  /** Nodes of the cluster by state: ready, unready, notStarted (launched, not Ready yet). */
  readonly nodesCount: Gauge<'state'>;
  readonly unschedulablePodsCount: Gauge<'type'>;
  readonly scaledUpNodes: Counter;
  readonly scaledDownNodes: Counter<'reason'>;
  /** Unix time of the last run of each activity: main (every loop), scaleUp, scaleDown. */
  readonly lastActivity: Gauge<'activity'>;
  readonly unneededNodesCount: Gauge;

  constructor(registry: Registry) {
    this.nodesCount = new Gauge({
      name: 'cluster_autoscaler_nodes_count',
      help: 'Number of nodes in cluster.',
      labelNames: ['state'],
      registers: [registry],
    });
    this.unschedulablePodsCount = new Gauge({
      name: 'cluster_autoscaler_unschedulable_pods_count',
      help: 'Number of unschedulable pods in the cluster.',
      labelNames: ['type'],
      registers: [registry],
    });
    this.scaledUpNodes = new Counter({
      name: 'cluster_autoscaler_scaled_up_nodes_total',
      help: 'Number of nodes added by CA.',
      registers: [registry],
    });
    this.scaledDownNodes = new Counter({
      name: 'cluster_autoscaler_scaled_down_nodes_total',
      help: 'Number of nodes removed by CA.',
      labelNames: ['reason'],
      registers: [registry],
    });
    // The one reason this autoscaler removes nodes for, at 0 from the start (a series to read before the first).
    this.scaledDownNodes.inc({ reason: 'empty' }, 0);
    this.lastActivity = new Gauge({
      name: 'cluster_autoscaler_last_activity',
      help: 'Last time certain part of CA logic executed.',
      labelNames: ['activity'],
      registers: [registry],
    });
    this.unneededNodesCount = new Gauge({
      name: 'cluster_autoscaler_unneeded_nodes_count',
      help: 'Number of nodes currently considered unneeded by CA.',
      registers: [registry],
    });
  }
}
