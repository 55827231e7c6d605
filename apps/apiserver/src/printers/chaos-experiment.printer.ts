/**
 * `kubectl get chaosexperiments`: NAME ACTION PHASE AFFECTED RECOVERY AGE (+ MODE VERDICT RUNS
 * DETECT REQUESTED-BY with -o wide). RECOVERY is the time to recover, `<none>` until measured.
 */
import { ChaosExperiment, CHAOS_REQUESTED_BY_ANNOTATION } from '@orchestra/api';
import { since } from './human-duration';
import { AGE_COLUMN, column, NAME_COLUMN, orNone, Printer, wide } from './printer';

/** Seconds as `850ms`, `4.2s`, `1m5s`: recovery times are often under a second. */
export function shortSeconds(seconds: number | undefined): string {
  if (seconds === undefined) return '<none>';
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  if (seconds < 60) return `${Number(seconds.toFixed(1))}s`;
  return `${Math.floor(seconds / 60)}m${Math.round(seconds % 60)}s`;
}

export const chaosExperimentPrinter: Printer<ChaosExperiment> = {
  columns: [
    NAME_COLUMN,
    column('Action', 'string', 'The fault injected.'),
    column(
      'Phase',
      'string',
      'Where the current run is: Pending, Injecting, Injected, Recovering, Recovered, Failed.',
    ),
    column('Affected', 'integer', 'How many objects the current run hit (or would hit, with dryRun).'),
    column('Recovery', 'string', 'Time from the end of the fault to the steady state holding again.'),
    AGE_COLUMN,
    wide('Mode', 'How targets are picked among the matching ones.'),
    wide('Verdict', 'Passed when the steady state came back within the recovery timeout.'),
    column('Runs', 'integer', 'Runs started so far.', { priority: 1 }),
    wide('Detect', 'Time from injection until the cluster showed the loss.'),
    wide('Requested-By', 'Who created the experiment.'),
  ],
  print(e, now) {
    const status = e.status ?? {};
    return {
      cells: [
        e.metadata.name ?? '',
        e.spec?.action ?? '',
        // A dry run injects nothing: its finished runs read DryRun rather than Recovered.
        status.verdict === 'DryRun' ? 'DryRun' : (status.phase ?? 'Pending'),
        status.affected?.length ?? 0,
        shortSeconds(status.timeToRecoverSeconds),
        since(e.metadata.creationTimestamp, now),
        e.spec?.mode ?? 'one',
        orNone(status.verdict),
        status.runs ?? 0,
        shortSeconds(status.timeToDetectSeconds),
        orNone(status.requestedBy ?? e.metadata.annotations?.[CHAOS_REQUESTED_BY_ANNOTATION]),
      ],
    };
  },
};
