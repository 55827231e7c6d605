import { ChaosExperiment } from '@orchestra/api';
import { chaosExperimentPrinter, shortSeconds } from './chaos-experiment.printer';

const now = new Date('2026-11-24T10:01:00Z');
const experiment = (status: ChaosExperiment['status']): ChaosExperiment => ({
  metadata: {
    name: 'kill-web',
    namespace: 'demo',
    creationTimestamp: '2026-11-24T10:00:00Z',
    annotations: { 'chaos.orchestra.dev/requested-by': 'alice' },
  },
  spec: { action: 'pod-kill', mode: 'one' },
  status,
});

describe('chaosExperimentPrinter', () => {
  it('prints NAME ACTION PHASE AFFECTED RECOVERY AGE, then MODE VERDICT RUNS DETECT REQUESTED-BY', () => {
    expect(chaosExperimentPrinter.columns.map((c) => c.name)).toEqual([
      'Name',
      'Action',
      'Phase',
      'Affected',
      'Recovery',
      'Age',
      'Mode',
      'Verdict',
      'Runs',
      'Detect',
      'Requested-By',
    ]);
    expect(chaosExperimentPrinter.columns.filter((c) => c.priority === 0)).toHaveLength(6);
    const affected = [{ apiVersion: 'v1', kind: 'Pod', namespace: 'demo', name: 'web-1' }];
    expect(
      chaosExperimentPrinter.print(
        experiment({
          phase: 'Recovered',
          affected,
          verdict: 'Passed',
          runs: 2,
          timeToRecoverSeconds: 0.412,
          timeToDetectSeconds: 1.25,
        }),
        now,
      ).cells,
    ).toEqual(['kill-web', 'pod-kill', 'Recovered', 1, '412ms', '60s', 'one', 'Passed', 2, '1.3s', 'alice']);
  });

  it('reads Pending before the first run and DryRun after a dry run', () => {
    expect(chaosExperimentPrinter.print(experiment(undefined), now).cells.slice(2, 5)).toEqual([
      'Pending',
      0,
      '<none>',
    ]);
    expect(
      chaosExperimentPrinter.print(experiment({ phase: 'Recovered', verdict: 'DryRun' }), now).cells[2],
    ).toBe('DryRun');
  });

  it('shortens seconds', () => {
    expect(shortSeconds(undefined)).toBe('<none>');
    expect(shortSeconds(0.05)).toBe('50ms');
    expect(shortSeconds(4.21)).toBe('4.2s');
    expect(shortSeconds(65)).toBe('1m5s');
  });
});
