import { ChaosExperiment, Deployment, Endpoints, Pod, ReplicaSet, Service } from '@orchestra/api';
import { ObjectCache } from '@orchestra/client';
import { ChaosApi } from './chaos-api.port';
import { ControlPlaneProbes } from './control-plane-probes';
import { SteadyState } from './steady-state';

const experiment = (spec: Partial<ChaosExperiment['spec']>): ChaosExperiment => ({
  metadata: { namespace: 'demo', name: 'x' },
  spec: { action: 'queue-stall', duration: '10s', ...spec } as ChaosExperiment['spec'],
});

function setUp() {
  const steadyState = new SteadyState({
    pods: new ObjectCache<Pod>(),
    replicaSets: new ObjectCache<ReplicaSet>(),
    deployments: new ObjectCache<Deployment>(),
    services: new ObjectCache<Service>(),
    endpoints: new ObjectCache<Endpoints>(),
  });
  const readings = { latency: 0.002 as number | Error, depths: new Map<string, number>() };
  const api = {
    probeLatencySeconds: async () => {
      if (readings.latency instanceof Error) throw readings.latency;
      return readings.latency;
    },
  } as unknown as ChaosApi;
  const probes = new ControlPlaneProbes(api, steadyState, async () => new Map(readings.depths));
  return { steadyState, probes, readings };
}

describe(ControlPlaneProbes.name, () => {
  it('store-latency: bound is the latency before plus half the delay; over it is the loss, under it holds', async () => {
    const { steadyState, probes, readings } = setUp();
    const run = experiment({ action: 'store-latency', storeLatency: { delay: '200ms' } });
    const baseline = { deployments: [], services: [], ...(await probes.baseline(run)) };
    expect(baseline.apiserver).toEqual({ baselineSeconds: 0.002, boundSeconds: 0.102 });

    readings.latency = 0.205;
    await probes.probe(run);
    expect(steadyState.check(baseline)).toEqual({
      showsLoss: true,
      holds: false,
      short: ['apiserver: a GET took 0.205s (bound 0.102s)'],
    });
    // After the fault's end, nothing holds until a new reading says so.
    probes.forget();
    expect(steadyState.check(baseline)).toMatchObject({ showsLoss: false, holds: false });
    readings.latency = 0.003;
    await probes.probe(run);
    expect(steadyState.check(baseline)).toEqual({ showsLoss: false, holds: true, short: [] });
    // A GET that fails is not a fast one.
    readings.latency = new Error('timeout');
    await probes.probe(run);
    expect(steadyState.check(baseline)).toMatchObject({ showsLoss: true, holds: false });
  });

  it('queue-stall: the stalled queues (never chaos) back to their waiting jobs before the run', async () => {
    const { steadyState, probes, readings } = setUp();
    readings.depths = new Map([
      ['replicaset', 1],
      ['deployment', 0],
      ['chaos', 3],
    ]);
    const all = await probes.baseline(experiment({ queueStall: { component: 'controller-manager' } }));
    expect(all.queues).toEqual([
      { name: 'replicaset', waitingBefore: 1 },
      { name: 'deployment', waitingBefore: 0 },
    ]);
    const run = experiment({ queueStall: { component: 'controller-manager', queues: ['replicaset'] } });
    const baseline = { deployments: [], services: [], ...(await probes.baseline(run)) };
    expect(baseline.queues).toEqual([{ name: 'replicaset', waitingBefore: 1 }]);

    readings.depths.set('replicaset', 4);
    await probes.probe(run);
    expect(steadyState.check(baseline)).toEqual({
      showsLoss: true,
      holds: false,
      short: ['queue replicaset: 4 jobs waiting (1 before)'],
    });
    probes.forget();
    readings.depths.set('replicaset', 1);
    await probes.probe(run);
    expect(steadyState.check(baseline)).toEqual({ showsLoss: false, holds: true, short: [] });
  });
});
