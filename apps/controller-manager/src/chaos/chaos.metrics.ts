/**
 * The chaos controller's Prometheus series:
 *  - orchestra_chaos_experiments_total{action,result}: finished runs; result passed (steady state
 *    back within the recovery timeout), failed, dry_run, no_targets;
 *  - orchestra_chaos_recovery_seconds{action} and orchestra_chaos_detection_seconds{action};
 *  - orchestra_chaos_active_experiments{action}: runs between injection and their end;
 *  - orchestra_chaos_annotation{namespace,experiment,action}: 1 while a run is active, gone after,
 *    so Grafana can draw each run as an annotation region straight from Prometheus.
 */
import { chaosActions } from '@orchestra/api';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export const chaosResults = ['passed', 'failed', 'dry_run', 'no_targets'] as const;
export type ChaosResult = (typeof chaosResults)[number];

export interface ChaosRunLabels {
  namespace: string;
  experiment: string;
  action: string;
}

export class ChaosMetrics {
  private readonly experiments: Counter<'action' | 'result'>;
  private readonly recovery: Histogram<'action'>;
  private readonly detection: Histogram<'action'>;
  private readonly active: Gauge<'action'>;
  private readonly annotation: Gauge<'namespace' | 'experiment' | 'action'>;

  constructor(registry: Registry) {
    const buckets = [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 15, 30, 60, 120, 300];
    this.experiments = new Counter({
      name: 'orchestra_chaos_experiments_total',
      help: 'Chaos experiment runs finished, by action and result (passed, failed, dry_run, no_targets)',
      labelNames: ['action', 'result'],
      registers: [registry],
    });
    this.recovery = new Histogram({
      name: 'orchestra_chaos_recovery_seconds',
      help: 'Time from the end of a chaos fault to the steady state holding again',
      labelNames: ['action'],
      buckets,
      registers: [registry],
    });
    this.detection = new Histogram({
      name: 'orchestra_chaos_detection_seconds',
      help: 'Time from a chaos injection to the cluster reporting the loss (Deployment or Endpoints status)',
      labelNames: ['action'],
      buckets,
      registers: [registry],
    });
    this.active = new Gauge({
      name: 'orchestra_chaos_active_experiments',
      help: 'Chaos experiment runs injected and not yet recovered or failed',
      labelNames: ['action'],
      registers: [registry],
    });
    this.annotation = new Gauge({
      name: 'orchestra_chaos_annotation',
      help: ' 1 while a chaos experiment run is active (for Grafana annotations from Prometheus)',
      labelNames: ['namespace', 'experiment', 'action'],
      registers: [registry],
    });
    // Every action's series from the start, at 0: the Self-healing dashboard shows each action's
    // runs and times as 0 rather than "No data" until it has run (Prometheus' advice for known
    // label values).
    for (const action of chaosActions) {
      for (const result of chaosResults) this.experiments.inc({ action, result }, 0);
      this.recovery.zero({ action });
      this.detection.zero({ action });
      this.active.set({ action }, 0);
    }
  }

  started(run: ChaosRunLabels): void {
    this.active.inc({ action: run.action });
    this.annotation.set({ ...run }, 1);
  }

  ended(run: ChaosRunLabels, result: ChaosResult, times: { recover?: number; detect?: number } = {}): void {
    this.experiments.inc({ action: run.action, result });
    if (times.recover !== undefined) this.recovery.observe({ action: run.action }, times.recover);
    if (times.detect !== undefined) this.detection.observe({ action: run.action }, times.detect);
  }

  /** The run is over (or this process stopped watching it). */
  inactive(run: ChaosRunLabels): void {
    this.active.dec({ action: run.action });
    this.annotation.remove({ ...run });
  }

  /** Runs that end without ever being active (dry runs, nothing to hit). */
  finishedUninjected(action: string, result: ChaosResult): void {
    this.experiments.inc({ action, result });
  }
}
