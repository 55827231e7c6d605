import { containerConfig } from './container-config.fixture';
import { ImagePullError, type ContainerConfig, type RuntimeContainerStatus } from './container-runtime';
import { FakeClock } from './fake-clock';
import { ContainerStateError } from './runtime-errors';
import { SimulatedRuntime } from './simulated-runtime';

const MiB = 1024 * 1024;

describe(SimulatedRuntime.name, () => {
  let clock: FakeClock;
  let runtime: SimulatedRuntime;

  beforeEach(() => {
    clock = new FakeClock();
    runtime = new SimulatedRuntime({ clock, nodeName: 'node-1' });
  });

  async function run(overrides: Partial<ContainerConfig>): Promise<string> {
    const config = containerConfig(overrides);
    const pulled = runtime.pullImage(config.image);
    await clock.advance(1000);
    await pulled;
    const id = await runtime.createContainer(config);
    await runtime.startContainer(id);
    return id;
  }

  const state = (id: string) => runtime.containerStatus(id)?.state;

  describe('images', () => {
    it('pulls after the catalogue delay, then serves the image from the node cache', async () => {
      let done = false;
      const pull = runtime.pullImage('nginx:1.27').then((r) => ((done = true), r));
      await clock.advance(499);
      expect(done).toBe(false);
      expect(runtime.imageStatus('nginx:1.27')).toBeUndefined();
      await clock.advance(1);
      const { imageRef } = await pull;
      expect(imageRef).toMatch(/^docker\.io\/library\/nginx@sha256:/);
      expect(runtime.imageStatus('docker.io/library/nginx:1.27')).toEqual({ imageRef });

      const again = await runtime.pullImage('nginx:1.27'); // no clock movement needed
      expect(again.imageRef).toBe(imageRef);
      expect(runtime.listImages()).toEqual([
        { names: [imageRef, 'docker.io/library/nginx:1.27'], sizeBytes: 68 * MiB },
      ]);
    });

    it('shares one pull between concurrent requests and scales the delay with the time-scale', async () => {
      runtime = new SimulatedRuntime({ clock, timeScale: 10 });
      const results: string[] = [];
      void runtime.pullImage('postgres').then((r) => results.push(r.imageRef));
      void runtime.pullImage('postgres:latest').then((r) => results.push(r.imageRef));
      await clock.advance(79); // 800 ms at 10x = 80 ms
      expect(results).toHaveLength(0);
      await clock.advance(1);
      expect(results).toHaveLength(2);
      expect(results[0]).toBe(results[1]);
    });

    it('fails an image the registry does not know with ErrImagePull', async () => {
      const pull = runtime.pullImage('ngnix:latest');
      const failed = expect(pull).rejects.toMatchObject({
        name: 'ImagePullError',
        reason: 'ErrImagePull',
        message: expect.stringContaining('docker.io/library/ngnix:latest: not found'),
      });
      await clock.advance(100);
      await failed;
      expect(runtime.imageStatus('ngnix:latest')).toBeUndefined();
    });

    it('rejects an unparsable name at once with InvalidImageName', async () => {
      const error = await runtime.pullImage('NGINX').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImagePullError);
      expect((error as ImagePullError).reason).toBe('InvalidImageName');
    });

    it('refuses to create a container whose image is not on the node', async () => {
      await expect(runtime.createContainer(containerConfig({ image: 'redis' }))).rejects.toBeInstanceOf(
        ContainerStateError,
      );
    });
  });

  describe('container lifecycle', () => {
    it('goes created → running → exited, with the normalized image and image ID', async () => {
      const pulled = runtime.pullImage('orchestra/batch:v1');
      await clock.advance(200);
      const { imageRef } = await pulled;
      const id = await runtime.createContainer(
        containerConfig({ image: 'orchestra/batch:v1', env: { DURATION_SECONDS: '3' } }),
      );
      expect(id).toMatch(/^[0-9a-f]{64}$/);
      expect(runtime.containerStatus(id)).toMatchObject({
        name: 'main',
        image: 'docker.io/orchestra/batch:v1',
        imageRef,
        state: { kind: 'created', createdAt: clock.now() },
      });
      const startedAt = clock.now();
      await runtime.startContainer(id);
      expect(state(id)).toEqual({ kind: 'running', startedAt });
      await expect(runtime.startContainer(id)).rejects.toBeInstanceOf(ContainerStateError);
      await clock.advance(3000);
      expect(state(id)).toEqual({
        kind: 'exited',
        exitCode: 0,
        reason: 'Completed',
        startedAt,
        finishedAt: startedAt + 3000,
      });
    });

    it('tells onExit listeners about exits of its own, not about requested stops', async () => {
      const exits: [string, RuntimeContainerStatus][] = [];
      runtime.onExit((id, status) => exits.push([id, status]));
      const crashing = await run({ image: 'orchestra/crashloop', env: { CRASH_AFTER_SECONDS: '2' } });
      const stopped = await run({ name: 'web', image: 'orchestra/web' });
      await runtime.stopContainer(stopped, 30_000);
      await clock.advance(2000);
      expect(exits.map(([id]) => id)).toEqual([crashing]);
      expect(exits[0][1].state).toMatchObject({ kind: 'exited', exitCode: 1, reason: 'Error' });
    });

    it('kills with SIGKILL and no SIGTERM first: exit 137, heard by onExit as a crash', async () => {
      const exits: string[] = [];
      runtime.onExit((id) => exits.push(id));
      const id = await run({ image: 'orchestra/web' });
      await runtime.killContainer(id, 'killed by SIGKILL (chaos container-kill)');
      expect(state(id)).toMatchObject({
        kind: 'exited',
        exitCode: 137,
        reason: 'Error',
        message: 'killed by SIGKILL (chaos container-kill)',
      });
      await Promise.resolve();
      expect(exits).toEqual([id]);
    });

    it('stops a workload that handles SIGTERM at once, exit code 0', async () => {
      const id = await run({ image: 'orchestra/web' });
      const stopped = runtime.stopContainer(id, 30_000);
      await stopped;
      expect(state(id)).toMatchObject({ kind: 'exited', exitCode: 0, reason: 'Completed' });
      expect(runtime.logs(id).at(-1)).toBe('orchestra/web: SIGTERM received, shutting down');
    });

    it('ends a workload without a SIGTERM handler by the signal, exit code 143', async () => {
      const id = await run({ image: 'orchestra/cpu-burner' });
      await runtime.stopContainer(id, 30_000);
      expect(state(id)).toMatchObject({ kind: 'exited', exitCode: 143, reason: 'Error' });
    });

    it('SIGKILLs a workload that ignores SIGTERM when the grace period ends, exit code 137', async () => {
      const id = await run({ image: 'orchestra/web', env: { ORCHESTRA_IGNORE_SIGTERM: 'true' } });
      let stopped = false;
      void runtime.stopContainer(id, 5000).then(() => (stopped = true));
      await clock.advance(4999);
      expect(stopped).toBe(false);
      expect(state(id)?.kind).toBe('running');
      await clock.advance(1);
      expect(stopped).toBe(true);
      expect(state(id)).toMatchObject({ kind: 'exited', exitCode: 137, reason: 'Error' });
    });

    it('scales the grace period, and lets a later shorter one win', async () => {
      runtime = new SimulatedRuntime({ clock, timeScale: 2 });
      const id = await run({ image: 'busybox', command: ['sleep', '3600'] }); // PID 1 sleep ignores SIGTERM
      void runtime.stopContainer(id, 30_000);
      const second = runtime.stopContainer(id, 4000);
      await clock.advance(2000); // 4 s simulated at 2x
      await second;
      expect(state(id)).toMatchObject({ exitCode: 137 });
    });

    it('resolves stop at once for a container that is not running, and removes containers', async () => {
      const id = await run({ image: 'orchestra/batch', env: { DURATION_SECONDS: '1' } });
      await clock.advance(1000);
      await runtime.stopContainer(id, 1000);
      await runtime.removeContainer(id);
      expect(runtime.containerStatus(id)).toBeUndefined();
      expect(() => runtime.logs(id)).toThrow('not found');
      await expect(runtime.stopContainer(id, 0)).rejects.toThrow('not found');
      await expect(runtime.removeContainer(id)).resolves.toBeUndefined();
    });

    it('kills a running container on removal without reporting an exit', async () => {
      const exits: string[] = [];
      runtime.onExit((id) => exits.push(id));
      const id = await run({ image: 'orchestra/web' });
      await runtime.removeContainer(id);
      await clock.advance(1000);
      expect(exits).toEqual([]);
      expect(runtime.listContainers()).toEqual([]);
    });

    it('lists containers, optionally of one pod', async () => {
      const a = await run({ podUid: 'a' });
      await run({ podUid: 'b' });
      expect(runtime.listContainers()).toHaveLength(2);
      expect(runtime.listContainers({ podUid: 'a' }).map((c) => c.id)).toEqual([a]);
    });
  });

  describe('logs', () => {
    it('keeps lines with RFC3339Nano times; tail, since and timestamps combine as kubectl asks', async () => {
      const id = await run({ image: 'orchestra/batch', env: { DURATION_SECONDS: '10' } });
      const start = clock.now();
      await clock.advance(10_000);
      const lines = runtime.logs(id);
      expect(lines[0]).toBe('orchestra/batch: processing for 10s (DURATION_SECONDS=10)');
      expect(lines.at(-1)).toBe('orchestra/batch: done');
      expect(runtime.logs(id, { tailLines: 2 })).toEqual([
        'orchestra/batch: 90% done',
        'orchestra/batch: done',
      ]);
      expect(runtime.logs(id, { tailLines: 0 })).toEqual([]);
      expect(runtime.logs(id, { sinceSeconds: 2 })).toEqual([
        'orchestra/batch: 80% done',
        'orchestra/batch: 90% done',
        'orchestra/batch: done',
      ]);
      const stamped = runtime.logs(id, { timestamps: true, tailLines: 1 });
      expect(stamped).toEqual([
        `${new Date(start + 10_000).toISOString().slice(0, 19)}Z orchestra/batch: done`,
      ]);
      // Lines in the same millisecond keep their order through nanoseconds.
      expect(runtime.logs(id, { timestamps: true }).slice(0, 2)).toEqual([
        expect.stringMatching(/^\S+Z orchestra\/batch: processing/),
        expect.stringMatching(/^\S+Z orchestra\/batch: 10% done/),
      ]);
      const web = await run({ name: 'web', image: 'orchestra/web' });
      await runtime.stopContainer(web, 0);
      expect(runtime.logs(web, { timestamps: true })).toEqual([
        expect.stringMatching(/^2025-01-01T12:00:\d\dZ orchestra\/web: pod/),
        expect.stringMatching(/^2025-01-01T12:00:\d\d\.000000001Z orchestra\/web: SIGTERM/),
      ]);
    });

    it('keeps only the last lines of a long log', async () => {
      runtime = new SimulatedRuntime({ clock, logLines: 3 });
      const id = await run({ image: 'orchestra/batch', env: { DURATION_SECONDS: '10' } });
      await clock.advance(10_000);
      expect(runtime.logs(id)).toEqual([
        'orchestra/batch: 80% done',
        'orchestra/batch: 90% done',
        'orchestra/batch: done',
      ]);
    });

    it('follows new lines until the container exits', async () => {
      const id = await run({ image: 'orchestra/batch', env: { DURATION_SECONDS: '10' } });
      const seen: string[] = [];
      let ended = false;
      runtime.followLogs(id, (line) => seen.push(line), { onEnd: () => (ended = true) });
      await clock.advance(2000);
      expect(seen).toEqual(['orchestra/batch: 10% done', 'orchestra/batch: 20% done']);
      const stop = runtime.followLogs(id, (line) => seen.push(`ts ${line}`), { timestamps: true });
      await clock.advance(1000);
      expect(seen.at(-1)).toMatch(/^ts 2025-01-01T12:00:04Z orchestra\/batch: 30% done$/);
      stop();
      await clock.advance(7000);
      expect(seen.filter((l) => l.startsWith('ts'))).toHaveLength(1);
      expect(ended).toBe(true);
      let endedLate = false;
      runtime.followLogs(id, () => undefined, { onEnd: () => (endedLate = true) });
      expect(endedLate).toBe(true);
    });

    it("keeps the previous container's logs after a restart until it is removed", async () => {
      const first = await run({ image: 'orchestra/crashloop', env: { CRASH_AFTER_SECONDS: '1' } });
      await clock.advance(1000);
      const second = await run({ image: 'orchestra/crashloop', env: { CRASH_AFTER_SECONDS: '1' } });
      expect(runtime.logs(first).at(-1)).toBe(
        'orchestra/crashloop: fatal: simulated crash after 1s, exiting with code 1',
      );
      expect(runtime.logs(second)).toHaveLength(1);
      await runtime.removeContainer(first);
      expect(() => runtime.logs(first)).toThrow('not found');
    });
  });

  describe('usage', () => {
    it('throttles CPU to the limit and accumulates CPU seconds in real time', async () => {
      runtime = new SimulatedRuntime({ clock, timeScale: 5 });
      const id = await run({
        image: 'orchestra/cpu-burner',
        env: { MILLICORES: '2000' },
        resources: { cpuLimitMilli: 500 },
      });
      expect(runtime.usage(id)).toMatchObject({ cpuMilli: 500, cpuSecondsTotal: 0 });
      await clock.advance(10_000);
      expect(runtime.usage(id)).toMatchObject({ cpuMilli: 500, cpuSecondsTotal: 5 });
      await runtime.stopContainer(id, 0);
      await clock.advance(10_000);
      expect(runtime.usage(id)).toEqual({ cpuMilli: 0, cpuSecondsTotal: 5, memoryWorkingSetBytes: 0 });
      expect(runtime.usage('nope')).toBeUndefined();
    });

    it("keeps a well-behaved workload's memory below its limit", async () => {
      const id = await run({ image: 'postgres', resources: { memoryLimitBytes: 16 * MiB } });
      const usage = runtime.usage(id)!;
      expect(usage.memoryWorkingSetBytes).toBeLessThan(16 * MiB);
      expect(usage.memoryWorkingSetBytes).toBeGreaterThan(0);
      expect(state(id)?.kind).toBe('running');
    });
  });

  describe('chaos stress', () => {
    it('adds CPU (throttled at the limit) and memory until its end, then accounts the old rate', async () => {
      const id = await run({
        image: 'orchestra/cpu-burner',
        env: { MILLICORES: '200' },
        resources: { cpuLimitMilli: 1000, memoryLimitBytes: 512 * MiB },
      });
      const own = runtime.usage(id)!;
      runtime.stressContainer(id, { cpuMilli: 1500, memoryBytes: 100 * MiB, untilMs: clock.now() + 2_000 });
      expect(runtime.usage(id)).toMatchObject({
        cpuMilli: 1000,
        memoryWorkingSetBytes: own.memoryWorkingSetBytes + 100 * MiB,
      });
      await clock.advance(2_000); // stressed: a whole core for 2 s
      await clock.advance(1_000); // over: 200m for 1 s
      expect(runtime.usage(id)).toMatchObject({
        cpuMilli: 200,
        cpuSecondsTotal: 2.2,
        memoryWorkingSetBytes: own.memoryWorkingSetBytes,
      });
      expect(state(id)?.kind).toBe('running');
    });

    it('OOM-kills at once when the memory no longer fits the limit, and a removed stress ends it', async () => {
      const exits: string[] = [];
      runtime.onExit((cid, status) => exits.push(`${cid} ${status.state.kind}`));
      const id = await run({ image: 'postgres', resources: { memoryLimitBytes: 64 * MiB } });
      const other = await run({ image: 'postgres', resources: { memoryLimitBytes: 64 * MiB } });
      runtime.stressContainer(other, { cpuMilli: 0, memoryBytes: 8 * MiB, untilMs: clock.now() + 60_000 });
      runtime.stressContainer(other, undefined);
      expect(runtime.usage(other)!.memoryWorkingSetBytes).toBeLessThan(64 * MiB);

      runtime.stressContainer(id, { cpuMilli: 0, memoryBytes: 64 * MiB, untilMs: clock.now() + 60_000 });
      expect(state(id)).toMatchObject({ kind: 'exited', exitCode: 137, reason: 'OOMKilled' });
      await Promise.resolve();
      expect(exits).toEqual([`${id} exited`]);
      expect(state(other)?.kind).toBe('running');
    });
  });

  describe('exec and tcp', () => {
    it("runs exec commands against the container's files and refuses exec in an exited container", async () => {
      const id = await run({
        image: 'busybox',
        args: ['sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
      });
      expect(runtime.exec(id, ['cat', '/tmp/healthy'])).toEqual({ exitCode: 0, output: '' });
      await clock.advance(30_000);
      expect(runtime.exec(id, ['cat', '/tmp/healthy'])).toEqual({
        exitCode: 1,
        output: "cat: can't open '/tmp/healthy': No such file or directory",
      });
      expect(runtime.exec(id, ['/bin/sh', '-c', 'exit 3']).exitCode).toBe(3);
      expect(runtime.exec(id, ['redis-cli', 'ping']).exitCode).toBe(0);
      await runtime.stopContainer(id, 0);
      expect(() => runtime.exec(id, ['true'])).toThrow(ContainerStateError);
    });

    it('accepts TCP connections only on ports a running workload listens on', async () => {
      const id = await run({ image: 'nginx', ports: [{ containerPort: 8081 }] });
      expect(runtime.tcpProbe(id, 80)).toBe(true); // nginx listens on 80 whatever the pod declares
      expect(runtime.tcpProbe(id, 8081)).toBe(true);
      expect(runtime.tcpProbe(id, 9090)).toBe(false);
      await runtime.stopContainer(id, 0);
      expect(runtime.tcpProbe(id, 80)).toBe(false);
      expect(runtime.tcpProbe('nope', 80)).toBe(false);
    });
  });
});
