/**
 * When an experiment's next run starts: at once if it never ran; for a scheduled one, `every`
 * after the previous run started, but never before that run ended (runs do not overlap).
 */
import { ChaosExperiment, ChaosPhase, parseGoDuration } from '@orchestra/api';

const finished: readonly ChaosPhase[] = ['Recovered', 'Failed'];

export type RunDecision = { due: true } | { due: false; waitMs?: number };

export function nextRun(experiment: ChaosExperiment, now: number): RunDecision {
  const status = experiment.status ?? {};
  if (!status.runs) return { due: true };
  if (!status.phase || !finished.includes(status.phase)) return { due: false };
  const every = experiment.spec.schedule && parseGoDuration(experiment.spec.schedule.every);
  if (!every) return { due: false };
  const last = Date.parse(status.lastRunAt ?? '');
  const at = Number.isNaN(last) ? now : last + every;
  return at <= now ? { due: true } : { due: false, waitMs: at - now };
}

export function nextRunAt(experiment: ChaosExperiment, now: number): string | undefined {
  const decision = nextRun(experiment, now);
  if (decision.due) return new Date(now).toISOString();
  return decision.waitMs === undefined ? undefined : new Date(now + decision.waitMs).toISOString();
}
