import { ChaosExperiment } from '@orchestra/api';
import { activeFault } from './http-faults';

const t = Date.parse('2026-11-24T10:00:00.000Z');
const experiment = (phase: string, extra: Partial<ChaosExperiment['spec']> = {}): ChaosExperiment => ({
  metadata: { namespace: 'demo', name: 'slow-web' },
  spec: {
    action: 'http-fault',
    service: 'web',
    duration: '30s',
    httpFault: { delay: '200ms', errorPercent: 25, errorCode: 500 },
    ...extra,
  },
  status: { phase: phase as never, injectedAt: '2026-11-24T10:00:00.000Z' },
});

describe(activeFault.name, () => {
  it('is in force while the run is Injected, within its duration', () => {
    expect(activeFault(experiment('Injected'), t + 1_000)).toEqual({
      experiment: 'demo/slow-web',
      delayMs: 200,
      errorPercent: 25,
      errorCode: 500,
    });
    expect(activeFault(experiment('Injected'), t + 30_000)).toBeUndefined();
    expect(activeFault(experiment('Recovering'), t + 1_000)).toBeUndefined();
    expect(activeFault(experiment('Injected', { dryRun: true }), t + 1_000)).toBeUndefined();
    expect(activeFault(experiment('Injected', { action: 'pod-kill' }), t + 1_000)).toBeUndefined();
  });
});
