/** The workloads whose point is how they end: crashloop, batch, cpu-burner (never). */
import { runContainer } from '../runtime/container-config.fixture';
import { FakeClock } from '../runtime/fake-clock';
import { SimulatedRuntime } from '../runtime/simulated-runtime';

describe('exiting workloads', () => {
  let clock: FakeClock;
  let runtime: SimulatedRuntime;

  beforeEach(() => {
    clock = new FakeClock();
    runtime = new SimulatedRuntime({ clock });
  });

  const state = (id: string) => runtime.containerStatus(id)?.state;

  it('orchestra/crashloop exits 1 (Error) after CRASH_AFTER_SECONDS, saying why', async () => {
    const id = await runContainer(runtime, clock, {
      image: 'orchestra/crashloop',
      env: { CRASH_AFTER_SECONDS: '3' },
    });
    await clock.advance(2999);
    expect(state(id)?.kind).toBe('running');
    await clock.advance(1);
    expect(state(id)).toMatchObject({
      kind: 'exited',
      exitCode: 1,
      reason: 'Error',
      message: 'fatal: simulated crash after 3s, exiting with code 1',
    });
    expect(runtime.logs(id)).toEqual([
      'orchestra/crashloop: starting; will crash in 3s (CRASH_AFTER_SECONDS=3)',
      'orchestra/crashloop: fatal: simulated crash after 3s, exiting with code 1',
    ]);
  });

  it('orchestra/crashloop defaults to 5 s and honours EXIT_CODE', async () => {
    const id = await runContainer(runtime, clock, { image: 'orchestra/crashloop', env: { EXIT_CODE: '42' } });
    await clock.advance(5000);
    expect(state(id)).toMatchObject({ exitCode: 42, reason: 'Error' });
  });

  it('orchestra/batch completes (exit 0) after DURATION_SECONDS', async () => {
    const id = await runContainer(runtime, clock, {
      image: 'orchestra/batch',
      env: { DURATION_SECONDS: '30' },
    });
    await clock.advance(29_999);
    expect(state(id)?.kind).toBe('running');
    await clock.advance(1);
    expect(state(id)).toMatchObject({ kind: 'exited', exitCode: 0, reason: 'Completed' });
  });

  it('orchestra/cpu-burner runs for ever at MILLICORES (default 1000m without a limit)', async () => {
    const id = await runContainer(runtime, clock, { image: 'orchestra/cpu-burner' });
    await clock.advance(3_600_000);
    expect(runtime.usage(id)).toMatchObject({ cpuMilli: 1000, cpuSecondsTotal: 3600 });
    const limited = await runContainer(runtime, clock, {
      image: 'orchestra/cpu-burner',
      env: { MILLICORES: '750' },
      resources: { cpuLimitMilli: 250 },
    });
    expect(runtime.logs(limited)).toEqual([
      'orchestra/cpu-burner: burning 750m of CPU (throttled to its limit 250m)',
    ]);
    expect(runtime.usage(limited)?.cpuMilli).toBe(250);
  });
});
