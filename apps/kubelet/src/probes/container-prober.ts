/**
 * The probes of one running container together (Kubernetes' prober manager for one container):
 * the startup probe gates the other two; `started` and `ready` are what the pod worker writes to
 * containerStatuses[].started/.ready; a liveness or startup failure asks it to restart the
 * container; every failed probe is reported for the Unhealthy event.
 */
import type { SimClock } from '../runtime/clock';
import type { ProbeOutcome, ProbeRunner, ProbeSpec, ProbeTarget, ProbeType } from './probe-runner';
import { ProbeWorker } from './probe-worker';

export interface ContainerProbeSpecs {
  livenessProbe?: ProbeSpec;
  readinessProbe?: ProbeSpec;
  startupProbe?: ProbeSpec;
}

export type ProberEvent =
  /** The startup probe succeeded (or there is none): liveness and readiness probing begins. */
  | { kind: 'started' }
  | { kind: 'ready'; ready: boolean }
  /** Kill and restart the container (reason Unhealthy; the message is Kubernetes' Killing event text). */
  | { kind: 'restart'; probe: 'liveness' | 'startup'; message: string }
  /** One failed or errored probe: Kubernetes' Warning event `Unhealthy`. */
  | { kind: 'unhealthy'; probe: ProbeType; message: string };

export interface ContainerProberOptions {
  containerName: string;
  specs: ContainerProbeSpecs;
  target: ProbeTarget;
  runner: Pick<ProbeRunner, 'run'>;
  sim: SimClock;
  /** When the container started (clock ms). */
  startedAt: number;
  onEvent: (event: ProberEvent) => void;
}

const TITLE: Record<ProbeType, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

export class ContainerProber {
  private readonly workers: Partial<Record<ProbeType, ProbeWorker>> = {};
  private isStarted = false;
  private isReady = false;

  constructor(private readonly options: ContainerProberOptions) {
    const { specs } = options;
    const gated = () => this.isStarted;
    if (specs.startupProbe) this.workers.startup = this.worker('startup', specs.startupProbe);
    if (specs.livenessProbe) this.workers.liveness = this.worker('liveness', specs.livenessProbe, gated);
    if (specs.readinessProbe) this.workers.readiness = this.worker('readiness', specs.readinessProbe, gated);
  }

  /** containerStatuses[].started. */
  get started(): boolean {
    return this.isStarted;
  }

  /** containerStatuses[].ready: started, and the readiness probe (if any) succeeds. */
  get ready(): boolean {
    return this.isReady;
  }

  start(): void {
    if (!this.workers.startup) this.markStarted();
    for (const worker of Object.values(this.workers)) worker.start();
  }

  stop(): void {
    for (const worker of Object.values(this.workers)) worker.stop();
    this.setReady(false);
  }

  private worker(type: ProbeType, probe: ProbeSpec, enabled?: () => boolean): ProbeWorker {
    const { target, runner, sim, startedAt } = this.options;
    return new ProbeWorker({
      type,
      probe,
      target,
      runner,
      sim,
      startedAt,
      enabled,
      onProbe: (outcome) => this.reportUnhealthy(type, outcome),
      onResult: (result) => this.onResult(type, result),
    });
  }

  private onResult(type: ProbeType, result: string): void {
    if (type === 'startup' && result === 'Success') this.markStarted();
    else if (type === 'readiness') this.updateReady();
    else if (result === 'Failure' && (type === 'liveness' || type === 'startup')) {
      this.setReady(false);
      const message = `Container ${this.options.containerName} failed ${type} probe, will be restarted`;
      this.options.onEvent({ kind: 'restart', probe: type, message });
    }
  }

  private markStarted(): void {
    if (this.isStarted) return;
    this.isStarted = true;
    this.options.onEvent({ kind: 'started' });
    this.updateReady();
  }

  private updateReady(): void {
    const readiness = this.workers.readiness;
    this.setReady(this.isStarted && (!readiness || readiness.result === 'Success'));
  }

  private setReady(ready: boolean): void {
    if (ready === this.isReady) return;
    this.isReady = ready;
    this.options.onEvent({ kind: 'ready', ready });
  }

  private reportUnhealthy(type: ProbeType, outcome: ProbeOutcome): void {
    if (outcome.result === 'Success') return;
    const verb = outcome.result === 'Unknown' ? 'errored' : 'failed';
    this.options.onEvent({
      kind: 'unhealthy',
      probe: type,
      message: `${TITLE[type]} probe ${verb}: ${outcome.output}`,
    });
  }
}
