import { ChaosExperiment } from '@orchestra/api';
import { activeStoreLatency, addedLatencyMs } from './store-latency.fault';

const t = Date.parse('2026-11-24T10:00:00.000Z');
const experiment = (phase: string, extra: Partial<ChaosExperiment['spec']> = {}): ChaosExperiment => ({
  metadata: { namespace: 'demo', name: 'slow-store' },
  spec: {
    action: 'store-latency',
    duration: '10s',
    storeLatency: { delay: '200ms', jitter: '50ms', operations: ['get', 'list'] },
    ...extra,
  },
  status: { phase: phase as never, injectedAt: '2026-11-24T10:00:00.000Z' },
});

describe(activeStoreLatency.name, () => {
  it('is in force while the run is Injected, from injectedAt to injectedAt + duration', () => {
    expect(activeStoreLatency(experiment('Injected'), t)).toEqual({
      experiment: 'demo/slow-store',
      delayMs: 200,
      jitterMs: 50,
      operations: ['get', 'list'],
    });
    expect(activeStoreLatency(experiment('Injected'), t + 9_999)).toBeDefined();
    // Never past its end, whatever the phase says (the controller may be gone).
    expect(activeStoreLatency(experiment('Injected'), t + 10_000)).toBeUndefined();
    expect(activeStoreLatency(experiment('Injected'), t - 1)).toBeUndefined();
  });

  it('is not in force in any other phase, in a dry run, or for another action', () => {
    for (const phase of ['Pending', 'Injecting', 'Recovering', 'Recovered', 'Failed'])
      expect(activeStoreLatency(experiment(phase), t + 1_000)).toBeUndefined();
    expect(activeStoreLatency(experiment('Injected', { dryRun: true }), t + 1_000)).toBeUndefined();
    expect(activeStoreLatency(experiment('Injected', { action: 'http-fault' }), t + 1_000)).toBeUndefined();
    const noInjectedAt = { ...experiment('Injected'), status: { phase: 'Injected' as const } };
    expect(activeStoreLatency(noInjectedAt, t + 1_000)).toBeUndefined();
  });
});

describe(addedLatencyMs.name, () => {
  const fault = (delayMs: number, jitterMs = 0, operations: string[] = []) => ({
    experiment: 'demo/x',
    delayMs,
    jitterMs,
    operations,
  });

  it('adds the delay plus a random share of the jitter to the operations named', () => {
    expect(addedLatencyMs([fault(200, 50, ['get'])], 'get', () => 0.5)).toBe(225);
    expect(addedLatencyMs([fault(200, 50, ['get'])], 'update', () => 0.5)).toBe(0);
    expect(addedLatencyMs([fault(200)], 'watch', () => 0.9)).toBe(200);
  });

  it('takes the largest of overlapping runs, and nothing without one', () => {
    expect(addedLatencyMs([fault(100), fault(300, 0, ['list']), fault(200)], 'list', () => 0)).toBe(300);
    expect(addedLatencyMs([fault(100), fault(300, 0, ['list']), fault(200)], 'get', () => 0)).toBe(200);
    expect(addedLatencyMs([], 'get', () => 0)).toBe(0);
  });
});
