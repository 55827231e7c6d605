import type { IncomingMessage, ServerResponse } from 'node:http';
import { SimClock } from '../runtime/clock';
import { runContainer } from '../runtime/container-config.fixture';
import type { ContainerRuntime } from '../runtime/container-runtime';
import { FakeClock } from '../runtime/fake-clock';
import { SimulatedRuntime } from '../runtime/simulated-runtime';
import { PROBE_USER_AGENT, ProbeRunner, type ProbeTarget } from './probe-runner';

const target = (containerId: string): ProbeTarget => ({
  containerId,
  podIP: '10.244.1.7',
  ports: [{ name: 'http', containerPort: 8080 }],
});

describe(ProbeRunner.name, () => {
  let clock: FakeClock;

  beforeEach(() => (clock = new FakeClock()));

  describe('httpGet against a stub container', () => {
    let status: number;
    let seen: IncomingMessage | undefined;
    const stub = {
      tcpProbe: (_id: string, port: number) => port === 8080,
      serveHttp: (_id: string, _port: number, req: IncomingMessage, res: ServerResponse) => {
        seen = req;
        res.writeHead(status);
        res.end('body');
      },
    } as unknown as ContainerRuntime;
    const runner = () => new ProbeRunner(stub, new SimClock(clock));

    it.each([200, 204, 302, 399])('succeeds on %i', async (code) => {
      status = code;
      expect(await runner().run({ httpGet: { path: '/healthz', port: 8080 } }, target('c'))).toMatchObject({
        result: 'Success',
      });
    });

    it.each([400, 404, 500, 503])('fails on %i', async (code) => {
      status = code;
      expect(await runner().run({ httpGet: { path: '/healthz', port: 'http' } }, target('c'))).toEqual({
        result: 'Failure',
        output: `HTTP probe failed with statuscode: ${code}`,
      });
    });

    it('sends what the kubelet sends: path, Host, User-Agent and extra headers', async () => {
      status = 200;
      await runner().run(
        { httpGet: { path: '/ready?full=1', port: 8080, httpHeaders: [{ name: 'X-Probe', value: 'yes' }] } },
        target('c'),
      );
      expect(seen?.url).toBe('/ready?full=1');
      expect(seen?.headers).toMatchObject({
        host: '10.244.1.7:8080',
        'user-agent': PROBE_USER_AGENT,
        'x-probe': 'yes',
      });
    });

    it('fails with connection refused when nothing listens, and errors on an unknown named port', async () => {
      expect(await runner().run({ httpGet: { path: '/', port: 9090 } }, target('c'))).toEqual({
        result: 'Failure',
        output: 'dial tcp 10.244.1.7:9090: connect: connection refused',
      });
      expect(await runner().run({ httpGet: { path: '/', port: 'metrics' } }, target('c'))).toMatchObject({
        result: 'Unknown',
        output: expect.stringContaining('couldn\'t find port "metrics"'),
      });
    });
  });

  describe('against the simulated runtime', () => {
    let runtime: SimulatedRuntime;
    let runner: ProbeRunner;

    beforeEach(() => {
      runtime = new SimulatedRuntime({ clock, timeScale: 2 });
      runner = new ProbeRunner(runtime, runtime.sim);
    });

    it('fails an httpGet that does not answer within timeoutSeconds (scaled)', async () => {
      const id = await runContainer(runtime, clock, { env: { LATENCY_MS: '3000' } });
      let outcome: unknown;
      void runner
        .run({ httpGet: { path: '/healthz', port: 8080 }, timeoutSeconds: 2 }, target(id))
        .then((o) => (outcome = o));
      await clock.advance(999);
      expect(outcome).toBeUndefined();
      await clock.advance(1); // 2 s simulated at 2x
      expect(outcome).toEqual({
        result: 'Failure',
        output:
          'Get "http://10.244.1.7:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
      });
    });

    it('passes an httpGet slower than LATENCY but within the timeout', async () => {
      const id = await runContainer(runtime, clock, { env: { LATENCY_MS: '800' } });
      const outcome = runner.run(
        { httpGet: { path: '/healthz', port: 8080 }, timeoutSeconds: 1 },
        target(id),
      );
      await clock.advance(400);
      expect(await outcome).toEqual({ result: 'Success', output: 'ok\n' });
    });

    it('runs tcpSocket and exec probes', async () => {
      const id = await runContainer(runtime, clock, {
        image: 'busybox',
        command: ['sh', '-c', 'touch /tmp/healthy; sleep 600'],
      });
      expect(await runner.run({ exec: { command: ['cat', '/tmp/healthy'] } }, target(id))).toEqual({
        result: 'Success',
        output: '',
      });
      expect(await runner.run({ exec: { command: ['cat', '/tmp/ready'] } }, target(id))).toEqual({
        result: 'Failure',
        output: "cat: can't open '/tmp/ready': No such file or directory",
      });
      expect((await runner.run({ tcpSocket: { port: 8080 } }, target(id))).result).toBe('Failure');
      const web = await runContainer(runtime, clock);
      expect((await runner.run({ tcpSocket: { port: 'http' } }, target(web))).result).toBe('Success');
    });

    it('reports an exec in a stopped container as an error, not a failure', async () => {
      const id = await runContainer(runtime, clock);
      await runtime.stopContainer(id, 0);
      expect((await runner.run({ exec: { command: ['true'] } }, target(id))).result).toBe('Unknown');
    });
  });
});
