import { Pod } from '@orchestra/api';
import { calculateResourceReplicas, PodMetricsInfo, ReplicaCalculationError } from './replica-calculator';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
/** Started 10 minutes ago and ready since: past the CPU initialization period. */
const LONG_AGO = NOW - 10 * 60_000;

function pod(
  name: string,
  options: {
    phase?: string;
    ready?: boolean;
    readySince?: number;
    started?: number;
    requestCpu?: string;
  } = {},
): Pod {
  const started = options.started ?? LONG_AGO;
  return {
    metadata: { name, namespace: 'default', labels: { app: 'web' } },
    spec: {
      containers: [
        {
          name: 'web',
          image: 'orchestra/web',
          resources: { requests: { cpu: options.requestCpu ?? '100m' } },
        },
      ],
    },
    status: {
      phase: (options.phase ?? 'Running') as 'Running',
      startTime: iso(started),
      conditions: [
        {
          type: 'Ready',
          status: options.ready === false ? 'False' : 'True',
          lastTransitionTime: iso(options.readySince ?? started + 1000),
        },
      ],
    },
  };
}

const usage = (entries: Record<string, number>): PodMetricsInfo =>
  new Map(
    Object.entries(entries).map(([name, valueMilli]) => [
      name,
      { valueMilli, timestamp: NOW, windowMs: 10_000 },
    ]),
  );

const utilization = (averageUtilization: number) => ({ type: 'Utilization' as const, averageUtilization });

describe(calculateResourceReplicas.name, () => {
  it('asks for ceil(current × utilization / target): 2 pods at 90m of 100m, target 50% → 4', () => {
    const result = calculateResourceReplicas(
      2,
      utilization(50),
      'cpu',
      [pod('a'), pod('b')],
      usage({ a: 90, b: 90 }),
      { now: NOW },
    );
    expect(result).toEqual({ replicas: 4, utilization: 90, averageValueMilli: 90 });
  });

  it('scales in when usage falls: 4 pods at 10m of 100m, target 50% → 1', () => {
    const pods = ['a', 'b', 'c', 'd'].map((n) => pod(n));
    const result = calculateResourceReplicas(
      4,
      utilization(50),
      'cpu',
      pods,
      usage({ a: 10, b: 10, c: 10, d: 10 }),
      {
        now: NOW,
      },
    );
    expect(result.replicas).toBe(1);
    expect(result.utilization).toBe(10);
  });

  it('keeps the replica count within the 10% tolerance, and leaves it once past it', () => {
    const pods = [pod('a'), pod('b')];
    expect(
      calculateResourceReplicas(2, utilization(50), 'cpu', pods, usage({ a: 54, b: 54 }), { now: NOW })
        .replicas,
    ).toBe(2);
    expect(
      calculateResourceReplicas(2, utilization(50), 'cpu', pods, usage({ a: 46, b: 46 }), { now: NOW })
        .replicas,
    ).toBe(2);
    expect(
      calculateResourceReplicas(2, utilization(50), 'cpu', pods, usage({ a: 56, b: 56 }), { now: NOW })
        .replicas,
    ).toBe(3);
    expect(
      calculateResourceReplicas(2, utilization(50), 'cpu', pods, usage({ a: 56, b: 56 }), {
        now: NOW,
        tolerance: 0.2,
      }).replicas,
    ).toBe(2);
  });

  it('counts an unready pod as 0% when scaling up (a just started pod does not push further out)', () => {
    // Ready pods at 100% of a 50% target would ask for 2 × 2 = 4; the unready third counts as 0.
    const pods = [pod('a'), pod('b'), pod('c', { ready: false, started: NOW - 20_000 })];
    const result = calculateResourceReplicas(
      3,
      utilization(50),
      'cpu',
      pods,
      usage({ a: 100, b: 100, c: 100 }),
      {
        now: NOW,
      },
    );
    // (100 + 100 + 0) / 300 = 66% → ratio 1.33 → ceil(1.33 × 3) = 4.
    expect(result.replicas).toBe(4);
    // The reported utilization is the ready pods'.
    expect(result.utilization).toBe(100);
  });

  it('treats a pod as unready during start-up until a full metric window after it became ready', () => {
    const justReady = pod('c', { started: NOW - 30_000, readySince: NOW - 5_000 });
    const result = calculateResourceReplicas(
      3,
      utilization(50),
      'cpu',
      [pod('a'), pod('b'), justReady],
      usage({ a: 100, b: 100, c: 100 }),
      { now: NOW },
    );
    expect(result.replicas).toBe(4);
  });

  it('ignores unready pods entirely when scaling in', () => {
    const pods = [pod('a'), pod('b'), pod('c', { ready: false, started: NOW - 20_000 })];
    const result = calculateResourceReplicas(
      3,
      utilization(50),
      'cpu',
      pods,
      usage({ a: 10, b: 10, c: 90 }),
      {
        now: NOW,
      },
    );
    expect(result.replicas).toBe(1);
  });

  it('counts a pod without metrics as 0% on scale-up', () => {
    const pods = [pod('a'), pod('b'), pod('c')];
    // Ready pods at 150% of target; c missing at 0%: (75+75+0)/300 = 50% → ratio 1.0 → no change.
    const result = calculateResourceReplicas(3, utilization(50), 'cpu', pods, usage({ a: 75, b: 75 }), {
      now: NOW,
    });
    expect(result.replicas).toBe(3);
    const hotter = calculateResourceReplicas(3, utilization(50), 'cpu', pods, usage({ a: 150, b: 150 }), {
      now: NOW,
    });
    // (150+150+0)/300 = 100% → ratio 2 → 6.
    expect(hotter.replicas).toBe(6);
  });

  it('counts a pod without metrics as 100% of its request on scale-down', () => {
    const pods = [pod('a'), pod('b'), pod('c'), pod('d')];
    // Ready pods at 10%; the missing pods at 100%: (10+10+100+100)/400 = 55% → ratio 1.1 → would
    // reverse the direction: no change.
    expect(
      calculateResourceReplicas(4, utilization(50), 'cpu', pods, usage({ a: 10, b: 10 }), { now: NOW })
        .replicas,
    ).toBe(4);
    // One missing of four: (10+10+10+100)/400 = 32% → ratio 0.64 → ceil(2.56) = 3.
    expect(
      calculateResourceReplicas(4, utilization(50), 'cpu', pods, usage({ a: 10, b: 10, c: 10 }), { now: NOW })
        .replicas,
    ).toBe(3);
  });

  it('ignores pods being deleted and failed pods, and fails without pods or usable metrics', () => {
    const deleting = { ...pod('b'), metadata: { ...pod('b').metadata, deletionTimestamp: iso(NOW) } };
    const result = calculateResourceReplicas(
      2,
      utilization(50),
      'cpu',
      [pod('a'), deleting],
      usage({ a: 100, b: 0 }),
      {
        now: NOW,
      },
    );
    // Only a counts: 100% → ratio 2 → ceil(2 × 1) = 2.
    expect(result.replicas).toBe(2);
    expect(() => calculateResourceReplicas(1, utilization(50), 'cpu', [], new Map(), { now: NOW })).toThrow(
      'no pods returned by selector while calculating replica count',
    );
    expect(() =>
      calculateResourceReplicas(1, utilization(50), 'cpu', [pod('a', { phase: 'Pending' })], usage({}), {
        now: NOW,
      }),
    ).toThrow(ReplicaCalculationError);
  });

  it('needs a cpu request on every container for a Utilization target', () => {
    const noRequest = pod('a');
    noRequest.spec.containers[0].resources = {};
    expect(() =>
      calculateResourceReplicas(1, utilization(50), 'cpu', [noRequest], usage({ a: 50 }), { now: NOW }),
    ).toThrow('missing request for cpu in container web of Pod a');
  });

  it('compares the average usage with an AverageValue target', () => {
    const result = calculateResourceReplicas(
      2,
      { type: 'AverageValue', averageValueMilli: 50 },
      'cpu',
      [pod('a'), pod('b')],
      usage({ a: 150, b: 150 }),
      { now: NOW },
    );
    expect(result).toEqual({ replicas: 6, averageValueMilli: 150 });
  });
});
