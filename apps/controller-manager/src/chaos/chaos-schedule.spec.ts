import { ChaosExperiment } from '@orchestra/api';
import { nextRun, nextRunAt } from './chaos-schedule';

const t0 = Date.parse('2026-11-24T10:00:00.000Z');
const experiment = (status: ChaosExperiment['status'], every?: string): ChaosExperiment => ({
  metadata: { namespace: 'demo', name: 'x' },
  spec: { action: 'pod-kill', ...(every ? { schedule: { every } } : {}) },
  status,
});

describe(nextRun.name, () => {
  it('runs an experiment that never ran at once', () => {
    expect(nextRun(experiment(undefined), t0)).toEqual({ due: true });
    expect(nextRun(experiment({ phase: 'Pending' }, '1m'), t0)).toEqual({ due: true });
  });

  it('runs an unscheduled experiment once', () => {
    expect(
      nextRun(experiment({ phase: 'Recovered', runs: 1, lastRunAt: '2026-11-24T09:00:00.000Z' }), t0),
    ).toEqual({
      due: false,
    });
  });

  it('repeats a scheduled one every interval after the previous start, never during a run', () => {
    const last = '2026-11-24T10:00:00.000Z';
    expect(nextRun(experiment({ phase: 'Recovered', runs: 1, lastRunAt: last }, '1m'), t0 + 20_000)).toEqual({
      due: false,
      waitMs: 40_000,
    });
    expect(nextRun(experiment({ phase: 'Failed', runs: 1, lastRunAt: last }, '1m'), t0 + 60_000)).toEqual({
      due: true,
    });
    expect(nextRun(experiment({ phase: 'Recovering', runs: 1, lastRunAt: last }, '1m'), t0 + 90_000)).toEqual(
      {
        due: false,
      },
    );
    expect(nextRunAt(experiment({ phase: 'Recovered', runs: 2, lastRunAt: last }, '1m30s'), t0)).toBe(
      '2026-11-24T10:01:30.000Z',
    );
  });
});
