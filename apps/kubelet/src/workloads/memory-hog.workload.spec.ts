import { runContainer } from '../runtime/container-config.fixture';
import { FakeClock } from '../runtime/fake-clock';
import { SimulatedRuntime } from '../runtime/simulated-runtime';
import { MemoryHogWorkload } from './memory-hog.workload';

const MiB = 1024 * 1024;

describe(MemoryHogWorkload.name, () => {
  let clock: FakeClock;
  let runtime: SimulatedRuntime;

  beforeEach(() => {
    clock = new FakeClock();
    runtime = new SimulatedRuntime({ clock });
  });

  it('is OOMKilled (137) exactly when its memory crosses the limit', async () => {
    const exits: string[] = [];
    runtime.onExit((id) => exits.push(id));
    // 16 MiB at start + 10 MiB/s reaches 64 MiB after 4.8 s.
    const id = await runContainer(runtime, clock, {
      image: 'orchestra/memory-hog',
      env: { GROWTH_MIB_PER_SECOND: '10' },
      resources: { memoryLimitBytes: 64 * MiB },
    });
    expect(runtime.usage(id)?.memoryWorkingSetBytes).toBe(16 * MiB);
    await clock.advance(4799);
    expect(runtime.containerStatus(id)?.state.kind).toBe('running');
    expect(runtime.usage(id)!.memoryWorkingSetBytes).toBeLessThanOrEqual(64 * MiB);
    expect(runtime.usage(id)!.memoryWorkingSetBytes).toBeGreaterThan(63 * MiB);
    await clock.advance(1);
    expect(runtime.containerStatus(id)?.state).toMatchObject({
      kind: 'exited',
      exitCode: 137,
      reason: 'OOMKilled',
    });
    expect(exits).toEqual([id]);
  });

  it('runs time-scaled: the same crossing comes sooner on the clock', async () => {
    runtime = new SimulatedRuntime({ clock, timeScale: 4 });
    const id = await runContainer(runtime, clock, {
      image: 'orchestra/memory-hog',
      env: { GROWTH_MIB_PER_SECOND: '10' },
      resources: { memoryLimitBytes: 64 * MiB },
    });
    await clock.advance(1199);
    expect(runtime.containerStatus(id)?.state.kind).toBe('running');
    await clock.advance(1);
    expect(runtime.containerStatus(id)?.state).toMatchObject({ reason: 'OOMKilled' });
  });

  it('without a limit grows to MAX_MIB and stays there', async () => {
    const id = await runContainer(runtime, clock, {
      image: 'orchestra/memory-hog',
      env: { GROWTH_MIB_PER_SECOND: '100', MAX_MIB: '256' },
    });
    await clock.advance(60_000);
    expect(runtime.containerStatus(id)?.state.kind).toBe('running');
    expect(runtime.usage(id)?.memoryWorkingSetBytes).toBe(256 * MiB);
    expect(runtime.logs(id).at(-1)).toBe('orchestra/memory-hog: reached 256 MiB, holding');
  });

  it('is killed at once when even its starting memory is above the limit', async () => {
    const id = await runContainer(runtime, clock, {
      image: 'orchestra/memory-hog',
      resources: { memoryLimitBytes: 8 * MiB },
    });
    await clock.advance(0);
    expect(runtime.containerStatus(id)?.state).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });
});
