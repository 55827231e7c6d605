import { httpExchange } from '../probes/in-memory-http';
import { runContainer } from '../runtime/container-config.fixture';
import { FakeClock } from '../runtime/fake-clock';
import { SimulatedRuntime } from '../runtime/simulated-runtime';
import { MountedFiles } from '../runtime/mounted-files';
import { GenericWorkload } from './generic.workload';
import { NGINX_HTML_DIR } from './static-files';

describe(GenericWorkload.name, () => {
  let clock: FakeClock;
  let runtime: SimulatedRuntime;

  beforeEach(() => {
    clock = new FakeClock();
    runtime = new SimulatedRuntime({ clock });
  });

  const state = (id: string) => runtime.containerStatus(id)?.state;

  it('runs nginx as a server: start line, welcome page on its port, access log, exit 0 on SIGTERM', async () => {
    const id = await runContainer(runtime, clock, { image: 'docker.io/library/nginx:1.27' });
    expect(runtime.logs(id)).toEqual(['nginx: ready for start up']);
    const { statusCode, body } = await httpExchange((req, res) => runtime.serveHttp(id, 80, req, res), {
      path: '/',
    }).response;
    expect(statusCode).toBe(200);
    expect(body).toContain('Welcome to nginx!');
    expect(runtime.logs(id).at(-1)).toMatch(/"GET \/ HTTP\/1.1" 200 \d+ "-" "-"$/);
    await runtime.stopContainer(id, 30_000);
    expect(state(id)).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('serves the files mounted at nginx’s document root instead of its welcome page', async () => {
    const mounts = new MountedFiles([
      {
        mountPath: NGINX_HTML_DIR,
        files: () => new Map([['index.html', { data: Buffer.from('<h1>mine</h1>'), mode: 0o644 }]]),
      },
    ]);
    const id = await runContainer(runtime, clock, { image: 'nginx:1.27', mounts });
    const get = (path: string) =>
      httpExchange((req, res) => runtime.serveHttp(id, 80, req, res), { path }).response;
    expect(await get('/')).toMatchObject({ statusCode: 200, body: '<h1>mine</h1>' });
    expect((await get('/nope')).statusCode).toBe(404);
    expect(runtime.logs(id).at(-1)).toMatch(/"GET \/nope HTTP\/1.1" 404 /);
  });

  it('listens on the declared containerPorts of any well-known image', async () => {
    const id = await runContainer(runtime, clock, { image: 'redis:7', ports: [{ containerPort: 7000 }] });
    expect(runtime.tcpProbe(id, 6379)).toBe(true);
    expect(runtime.tcpProbe(id, 7000)).toBe(true);
    const { body } = await httpExchange((req, res) => runtime.serveHttp(id, 7000, req, res), { path: '/' })
      .response;
    expect(body).toBe('redis is running on web-1\n');
  });

  it('exits 0 at once when a shell image gets no command (no TTY), as busybox does on Kubernetes', async () => {
    const id = await runContainer(runtime, clock, { image: 'busybox' });
    await clock.advance(10);
    expect(state(id)).toMatchObject({ kind: 'exited', exitCode: 0, reason: 'Completed' });
  });

  it('interprets `sleep N` and `sh -c` scripts with echo and exit', async () => {
    const sleeper = await runContainer(runtime, clock, { image: 'busybox', command: ['sleep', '5'] });
    const script = await runContainer(runtime, clock, {
      image: 'alpine',
      command: ['sh', '-c'],
      args: ['echo "starting up"; sleep 2 && echo done; exit 3'],
    });
    await clock.advance(1999);
    expect(state(script)?.kind).toBe('running');
    await clock.advance(1);
    expect(state(script)).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(runtime.logs(script)).toEqual(['starting up', 'done']);
    await clock.advance(2000);
    expect(state(sleeper)).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('runs a command it cannot interpret for ever; as PID 1 a shell ignores SIGTERM', async () => {
    const loop = await runContainer(runtime, clock, {
      image: 'busybox',
      command: ['sh', '-c', 'while true; do echo tick; sleep 1; done'],
    });
    await clock.advance(3_600_000);
    expect(state(loop)?.kind).toBe('running');
    const stopped = runtime.stopContainer(loop, 30_000);
    await clock.advance(30_000);
    await stopped;
    expect(state(loop)).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('runs an image program given as a command as the server it is', async () => {
    const id = await runContainer(runtime, clock, {
      image: 'nginx',
      command: ['nginx', '-g', 'daemon off;'],
    });
    expect(runtime.tcpProbe(id, 80)).toBe(true);
  });
});
