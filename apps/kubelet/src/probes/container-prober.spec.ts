import { runContainer } from '../runtime/container-config.fixture';
import { FakeClock } from '../runtime/fake-clock';
import { SimulatedRuntime } from '../runtime/simulated-runtime';
import { ContainerProber, type ContainerProbeSpecs, type ProberEvent } from './container-prober';
import { ProbeRunner } from './probe-runner';

describe(ContainerProber.name, () => {
  let clock: FakeClock;
  let runtime: SimulatedRuntime;
  let events: ProberEvent[];

  beforeEach(() => {
    clock = new FakeClock();
    runtime = new SimulatedRuntime({ clock });
    events = [];
  });

  async function probe(specs: ContainerProbeSpecs, env: Record<string, string> = {}) {
    const id = await runContainer(runtime, clock, { env, ports: [{ name: 'http', containerPort: 8080 }] });
    const prober = new ContainerProber({
      containerName: 'main',
      specs,
      target: { containerId: id, podIP: '10.244.1.7', ports: [{ name: 'http', containerPort: 8080 }] },
      runner: new ProbeRunner(runtime, runtime.sim),
      sim: runtime.sim,
      startedAt: clock.now(),
      onEvent: (e) => events.push(e),
    });
    prober.start();
    return prober;
  }

  const kinds = () => events.map((e) => (e.kind === 'ready' ? `ready=${e.ready}` : e.kind));

  it('is started and ready at once without probes', async () => {
    const prober = await probe({});
    expect([prober.started, prober.ready]).toEqual([true, true]);
    expect(kinds()).toEqual(['started', 'ready=true']);
  });

  it('is not ready until the readiness probe succeeds', async () => {
    const prober = await probe(
      { readinessProbe: { httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 2 } },
      { READY_DELAY_SECONDS: '5' },
    );
    await clock.advance(4000);
    expect([prober.started, prober.ready]).toEqual([true, false]);
    expect(events.filter((e) => e.kind === 'unhealthy')[0]).toEqual({
      kind: 'unhealthy',
      probe: 'readiness',
      message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
    });
    await clock.advance(2000);
    expect(prober.ready).toBe(true);
    expect(kinds().filter((k) => k !== 'unhealthy')).toEqual(['started', 'ready=true']);
  });

  it('holds liveness and readiness back until the startup probe succeeds', async () => {
    const prober = await probe(
      {
        startupProbe: { httpGet: { path: '/readyz', port: 8080 }, periodSeconds: 1, failureThreshold: 30 },
        livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
        readinessProbe: { httpGet: { path: '/readyz', port: 8080 }, periodSeconds: 10 },
      },
      { READY_DELAY_SECONDS: '3' },
    );
    await clock.advance(2000);
    expect([prober.started, prober.ready]).toEqual([false, false]);
    // Only the startup probe has asked so far.
    expect(runtime.logs(runtimeIds(runtime)[0]).filter((l) => l.includes('GET /healthz'))).toEqual([]);
    await clock.advance(1000);
    expect(prober.started).toBe(true);
    expect(prober.ready).toBe(false); // readiness has not probed yet: it starts at Failure
    await clock.advance(7000);
    expect(prober.ready).toBe(true);
  });

  it('asks for a restart after failureThreshold liveness failures', async () => {
    await probe(
      { livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5, failureThreshold: 3 } },
      { HEALTHZ_FAIL_AFTER_SECONDS: '10' },
    );
    await clock.advance(19_999);
    expect(events.filter((e) => e.kind === 'restart')).toEqual([]);
    await clock.advance(1); // failures at 10, 15, 20 s
    expect(events.filter((e) => e.kind === 'unhealthy')).toHaveLength(3);
    expect(events.at(-1)).toEqual({
      kind: 'restart',
      probe: 'liveness',
      message: 'Container main failed liveness probe, will be restarted',
    });
  });

  it('asks for a restart when the startup probe never succeeds', async () => {
    await probe({ startupProbe: { tcpSocket: { port: 9999 }, periodSeconds: 1, failureThreshold: 3 } });
    await clock.advance(2000);
    expect(events.at(-1)).toMatchObject({ kind: 'restart', probe: 'startup' });
    expect(events.find((e) => e.kind === 'unhealthy')).toEqual({
      kind: 'unhealthy',
      probe: 'startup',
      message: 'Startup probe failed: dial tcp 10.244.1.7:9999: connect: connection refused',
    });
  });

  it('is no longer ready once stopped', async () => {
    const prober = await probe({});
    prober.stop();
    expect(prober.ready).toBe(false);
    expect(kinds().at(-1)).toBe('ready=false');
  });
});

function runtimeIds(runtime: SimulatedRuntime): string[] {
  return runtime.listContainers().map((c) => c.id);
}
