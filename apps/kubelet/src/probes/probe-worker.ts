/**
 * The periodic worker for one probe of one container (Kubernetes' prober worker.go and results
 * manager): the first probe runs initialDelaySeconds after the container started, then one every
 * periodSeconds; a result only counts once it repeats failureThreshold (or successThreshold)
 * times in a row. Cached results start as Kubernetes starts them: readiness Failure, liveness
 * Success, startup Unknown. After a liveness or startup failure the worker holds (the container is
 * about to be restarted); a startup worker stops once it succeeded.
 */
import type { SimClock, TimerHandle } from '../runtime/clock';
import type {
  ProbeOutcome,
  ProbeResult,
  ProbeRunner,
  ProbeSpec,
  ProbeTarget,
  ProbeType,
} from './probe-runner';

export interface ProbeWorkerOptions {
  type: ProbeType;
  probe: ProbeSpec;
  target: ProbeTarget;
  runner: Pick<ProbeRunner, 'run'>;
  sim: SimClock;
  /** When the container started (clock ms); initialDelaySeconds counts from here. */
  startedAt: number;
  /** Probe only while this holds (liveness and readiness wait for the startup probe). */
  enabled?: () => boolean;
  /** The cached result changed. */
  onResult: (result: ProbeResult, outcome: ProbeOutcome) => void;
  /** Every probe run, whatever the thresholds say (the kubelet records Unhealthy events from these). */
  onProbe?: (outcome: ProbeOutcome) => void;
}

const INITIAL_RESULT: Record<ProbeType, ProbeResult> = {
  readiness: 'Failure',
  liveness: 'Success',
  startup: 'Unknown',
};

export class ProbeWorker {
  private cached: ProbeResult;
  private lastResult: ProbeResult = 'Unknown';
  private resultRun = 0;
  private timer?: TimerHandle;
  private probing = false;
  private stopped = false;
  private onHold = false;

  constructor(private readonly options: ProbeWorkerOptions) {
    this.cached = INITIAL_RESULT[options.type];
  }

  get result(): ProbeResult {
    return this.cached;
  }

  start(): void {
    const { sim, startedAt, probe } = this.options;
    const initialDelayMs = (probe.initialDelaySeconds ?? 0) * 1000;
    this.timer = sim.after(initialDelayMs - sim.simSince(startedAt), () => this.tick());
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  private tick(): void {
    if (this.stopped) return;
    const periodMs = (this.options.probe.periodSeconds || 10) * 1000;
    this.timer = this.options.sim.after(periodMs, () => this.tick());
    // Like the ticker in worker.go: a probe still running (a timeout longer than the period) skips a tick.
    if (this.probing || this.onHold || !(this.options.enabled?.() ?? true)) return;
    this.probing = true;
    void this.options.runner
      .run(this.options.probe, this.options.target)
      .then((outcome) => this.record(outcome))
      .finally(() => (this.probing = false));
  }

  private record(outcome: ProbeOutcome): void {
    if (this.stopped) return;
    this.options.onProbe?.(outcome);
    if (outcome.result === 'Unknown') return; // a prober error says nothing about the container
    const { probe, type } = this.options;
    if (outcome.result === this.lastResult) this.resultRun++;
    else {
      this.lastResult = outcome.result;
      this.resultRun = 1;
    }
    const threshold =
      outcome.result === 'Failure' ? probe.failureThreshold || 3 : probe.successThreshold || 1;
    if (this.resultRun < threshold) return;
    const changed = this.cached !== outcome.result;
    this.cached = outcome.result;
    if ((type === 'liveness' || type === 'startup') && outcome.result === 'Failure') {
      this.onHold = true;
      this.resultRun = 0;
    }
    if (type === 'startup' && outcome.result === 'Success') this.stop();
    if (changed) this.options.onResult(outcome.result, outcome);
  }
}
