/**
 * How a chaos run shows itself, in one place: each step is an Event on the experiment, a log
 * line naming the requester, a span event on the reconcile's span, metrics (see
 * chaos.metrics.ts) and, when a sink is given, an annotation region from injection to the run's end
 * (Grafana's: grafana-annotations.ts). The reconciler decides; this tells.
 */
import { trace } from '@opentelemetry/api';
import { ChaosAffectedObject, ChaosExperiment, CHAOS_REQUESTED_BY_ANNOTATION } from '@orchestra/api';
import { objectKey } from '@orchestra/client';
import { Logger } from '@orchestra/observability';
import { EventSink } from '../controller-utils';
import { ChaosRunAnnotations, ChaosRunEnded } from './chaos-run-annotations.port';
import { ChaosMetrics, ChaosRunLabels } from './chaos.metrics';

export class ChaosRunReporter {
  constructor(
    private readonly events: EventSink,
    private readonly logger: Logger,
    private readonly metrics: ChaosMetrics,
    private readonly annotations?: ChaosRunAnnotations,
    private readonly now: () => number = Date.now,
  ) {}

  dryRun(
    key: string,
    experiment: ChaosExperiment,
    run: number,
    affected: ChaosAffectedObject[],
    message: string,
  ) {
    this.events.normal(experiment, 'DryRun', message);
    this.logger.info('chaos dry run', { ...this.fields(key, experiment), run, targets: names(affected) });
    this.metrics.finishedUninjected(experiment.spec.action, 'dry_run');
  }

  noTargets(experiment: ChaosExperiment, message: string): void {
    this.events.warning(experiment, 'NoTargets', message);
    this.metrics.finishedUninjected(experiment.spec.action, 'no_targets');
  }

  rateLimited(experiment: ChaosExperiment, message: string): void {
    this.events.warning(experiment, 'RateLimited', message);
  }

  /** A run is active from here (or from its resumption by a new leader) to recovered or failed. */
  active(experiment: ChaosExperiment): void {
    this.metrics.started(labelsOf(experiment));
  }

  injected(
    key: string,
    experiment: ChaosExperiment,
    run: number,
    affected: ChaosAffectedObject[],
    failures: string[],
    message: string,
  ): void {
    const requester = requesterOf(experiment);
    this.events.normal(experiment, 'Injected', `${message}, requested by ${requester}`);
    this.logger.info('chaos injected', {
      ...this.fields(key, experiment),
      run,
      targets: names(affected),
      failures,
    });
    trace.getActiveSpan()?.addEvent('chaos injected', {
      ...spanFields(key, experiment),
      'chaos.run': run,
      'chaos.targets': names(affected),
      'chaos.requester': requester,
    });
    // The sink never rejects, and the run does not wait for Grafana.
    void this.annotations?.runStarted({
      experiment: key,
      run,
      action: experiment.spec.action,
      targets: names(affected),
      requester,
      at: this.now(),
    });
  }

  faultRemoved(key: string, experiment: ChaosExperiment, message: string): void {
    this.events.normal(
      experiment,
      'Recovering',
      `${experiment.spec.action} over after ${experiment.spec.duration}: ${message}`,
    );
    this.logger.info('chaos fault removed', this.fields(key, experiment));
    trace.getActiveSpan()?.addEvent('chaos fault removed', spanFields(key, experiment));
  }

  detected(experiment: ChaosExperiment, timeToDetect: number): void {
    this.events.normal(
      experiment,
      'Detected',
      `the cluster showed the loss ${timeToDetect}s after the injection`,
    );
  }

  recovered(
    key: string,
    experiment: ChaosExperiment,
    times: { recover: number; detect?: number },
    message: string,
  ): void {
    this.ended(experiment, 'passed', times);
    this.annotateEnd(key, experiment, 'passed', `recovered in ${times.recover}s`);
    this.events.normal(experiment, 'Recovered', message);
    this.logger.info('chaos recovered', {
      ...this.fields(key, experiment),
      run: experiment.status?.runs,
      timeToDetectSeconds: times.detect,
      timeToRecoverSeconds: times.recover,
    });
    trace.getActiveSpan()?.addEvent('chaos recovered', {
      ...spanFields(key, experiment),
      'chaos.time_to_recover_seconds': times.recover,
    });
  }

  failed(key: string, experiment: ChaosExperiment, detect: number | undefined, message: string): void {
    this.ended(experiment, 'failed', { detect });
    this.annotateEnd(key, experiment, 'failed', `failed: ${message}`);
    this.events.warning(experiment, 'RecoveryFailed', message);
    this.logger.warn('chaos run failed', { ...this.fields(key, experiment), message });
    trace.getActiveSpan()?.addEvent('chaos failed', spanFields(key, experiment));
  }

  /** The experiment went away mid-run. */
  abandoned(experiment: ChaosExperiment): void {
    this.metrics.inactive(labelsOf(experiment));
    this.annotateEnd(objectKey(experiment), experiment, 'abandoned', 'abandoned: the experiment was deleted');
  }

  private annotateEnd(
    key: string,
    experiment: ChaosExperiment,
    result: ChaosRunEnded['result'],
    outcome: string,
  ): void {
    const run = experiment.status?.runs ?? 0;
    void this.annotations?.runEnded({ experiment: key, run, at: this.now(), result, outcome });
  }

  private ended(
    experiment: ChaosExperiment,
    result: 'passed' | 'failed',
    times: { recover?: number; detect?: number },
  ): void {
    this.metrics.ended(labelsOf(experiment), result, times);
    this.metrics.inactive(labelsOf(experiment));
  }

  private fields(key: string, experiment: ChaosExperiment) {
    return { experiment: key, action: experiment.spec.action, requester: requesterOf(experiment) };
  }
}

export function requesterOf(experiment: ChaosExperiment): string {
  return experiment.metadata.annotations?.[CHAOS_REQUESTED_BY_ANNOTATION] ?? 'unknown';
}

export const names = (affected: readonly ChaosAffectedObject[]): string[] =>
  affected.map((a) => `${a.namespace}/${a.name}`);

function labelsOf(experiment: ChaosExperiment): ChaosRunLabels {
  return {
    namespace: experiment.metadata.namespace ?? '',
    experiment: experiment.metadata.name ?? '',
    action: experiment.spec.action,
  };
}

const spanFields = (key: string, experiment: ChaosExperiment) => ({
  'chaos.experiment': key,
  'chaos.action': experiment.spec.action,
});
