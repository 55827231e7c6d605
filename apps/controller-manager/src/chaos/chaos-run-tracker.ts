/**
 * Watches the steady state of the active runs between reconciles: the chaos controller calls
 * `observe()` from its pod, Deployment and Endpoints informer handlers, so the moments the cluster
 * first shows the loss (detection) and the steady state comes back (recovery) are taken when the
 * caches change, not when the next reconcile happens to look. A run that changes is handed to
 * `onChange` (the controller enqueues its key, and the reconcile writes the status).
 * In memory only: a new leader resumes a run from its status and measures recovery from then on.
 */
import { ChaosAffectedObject, ChaosExperiment, ChaosSteadyState } from '@orchestra/api';
import { SteadyState } from './steady-state';

export interface TrackedRun {
  key: string;
  run: number;
  experiment: ChaosExperiment;
  baseline: ChaosSteadyState;
  affected: ChaosAffectedObject[];
  /** Set once the fault stopped acting: only then can the steady state count as recovered. */
  faultEndedAt?: number;
  detectedAt?: number;
  recoveredAt?: number;
}

export class ChaosRunTracker {
  private readonly runs = new Map<string, TrackedRun>();

  constructor(
    private readonly steadyState: SteadyState,
    private readonly now: () => number,
    private readonly onChange: (key: string) => void,
  ) {}

  track(run: TrackedRun): TrackedRun {
    this.runs.set(run.key, run);
    return run;
  }

  get(key: string, run: number): TrackedRun | undefined {
    const tracked = this.runs.get(key);
    return tracked?.run === run ? tracked : undefined;
  }

  forget(key: string): TrackedRun | undefined {
    const tracked = this.runs.get(key);
    this.runs.delete(key);
    return tracked;
  }

  faultEnded(key: string, at: number): void {
    const tracked = this.runs.get(key);
    if (tracked) tracked.faultEndedAt = at;
    this.observe();
  }

  /** Re-evaluates every active run against the caches as they are now. */
  observe(): void {
    for (const run of this.runs.values()) if (this.evaluate(run)) this.onChange(run.key);
  }

  /** True when the run's detection or recovery moment was just taken. */
  evaluate(run: TrackedRun): boolean {
    if (run.recoveredAt !== undefined) return false;
    const report = this.steadyState.check(run.baseline);
    let changed = false;
    if (run.detectedAt === undefined && report.showsLoss) {
      run.detectedAt = this.now();
      changed = true;
    }
    if (
      run.faultEndedAt !== undefined &&
      report.holds &&
      this.steadyState.faultLanded(run.experiment, run.affected)
    ) {
      run.recoveredAt = Math.max(this.now(), run.faultEndedAt);
      changed = true;
    }
    return changed;
  }
}
