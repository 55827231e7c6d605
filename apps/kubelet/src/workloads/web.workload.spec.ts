import { httpExchange, type HttpExchangeRequest } from '../probes/in-memory-http';
import { runContainer } from '../runtime/container-config.fixture';
import { FakeClock } from '../runtime/fake-clock';
import { SimulatedRuntime } from '../runtime/simulated-runtime';
import { WebWorkload } from './web.workload';

describe(WebWorkload.name, () => {
  let clock: FakeClock;
  let runtime: SimulatedRuntime;
  let random: number;

  beforeEach(() => {
    clock = new FakeClock();
    random = 0.5;
    runtime = new SimulatedRuntime({ clock, random: () => random });
  });

  const get = (id: string, request: Partial<HttpExchangeRequest> = {}, port = 8080) =>
    httpExchange((req, res) => runtime.serveHttp(id, port, req, res), { path: '/', ...request }).response;

  it('answers with its pod name, namespace, node and pod IP, as text or JSON', async () => {
    const id = await runContainer(runtime, clock, { image: 'orchestra/web:v2', env: { MESSAGE: 'hi' } });
    const text = await get(id);
    expect(text.statusCode).toBe(200);
    expect(text.body).toBe(
      'Hello from web-1 (namespace default, node node-1, pod IP 10.244.1.7, image orchestra/web:v2) hi\n',
    );
    const json = await get(id, { path: '/info?x=1', headers: { accept: 'application/json' } });
    expect(json.headers['content-type']).toBe('application/json');
    expect(JSON.parse(json.body)).toMatchObject({
      pod: 'web-1',
      namespace: 'default',
      node: 'node-1',
      podIP: '10.244.1.7',
      image: 'orchestra/web:v2',
      path: '/info?x=1',
    });
  });

  it('listens on its declared containerPorts, or 8080 when none is declared', async () => {
    const plain = await runContainer(runtime, clock);
    expect(runtime.tcpProbe(plain, 8080)).toBe(true);
    const declared = await runContainer(runtime, clock, { ports: [{ containerPort: 3000 }] });
    expect(runtime.tcpProbe(declared, 8080)).toBe(false);
    expect((await get(declared, {}, 3000)).statusCode).toBe(200);
    const refused = await get(declared, {}, 8080);
    expect(refused.statusCode).toBe(503);
    expect(refused.body).toContain('connection refused');
  });

  it('writes a combined-log access line per request', async () => {
    const id = await runContainer(runtime, clock);
    await get(id, {
      path: '/healthz',
      headers: { 'user-agent': 'kube-probe/1.31', 'x-forwarded-for': '10.244.0.1' },
    });
    expect(runtime.logs(id).at(-1)).toBe(
      '10.244.0.1 - - [01/Jan/2025:12:00:01 +0000] "GET /healthz HTTP/1.1" 200 3 "-" "kube-probe/1.31"',
    );
  });

  it('adds LATENCY_MS of simulated latency', async () => {
    runtime = new SimulatedRuntime({ clock, timeScale: 2 });
    const id = await runContainer(runtime, clock, { env: { LATENCY_MS: '300' } });
    let answered = false;
    const response = get(id).then((r) => ((answered = true), r));
    await clock.advance(149);
    expect(answered).toBe(false);
    await clock.advance(1);
    expect((await response).statusCode).toBe(200);
  });

  it('fails ERROR_RATE of requests with 500, but never its health endpoints', async () => {
    const id = await runContainer(runtime, clock, { env: { ERROR_RATE: '0.25' } });
    random = 0.2;
    expect((await get(id)).statusCode).toBe(500);
    expect((await get(id, { path: '/healthz' })).statusCode).toBe(200);
    random = 0.3;
    expect((await get(id)).statusCode).toBe(200);
  });

  it('starts failing /healthz after HEALTHZ_FAIL_AFTER_SECONDS', async () => {
    const id = await runContainer(runtime, clock, { env: { HEALTHZ_FAIL_AFTER_SECONDS: '20' } });
    await clock.advance(19_999);
    expect((await get(id, { path: '/healthz' })).statusCode).toBe(200);
    await clock.advance(1);
    const failing = await get(id, { path: '/healthz' });
    expect(failing.statusCode).toBe(500);
    expect(failing.body).toContain('HEALTHZ_FAIL_AFTER_SECONDS=20');
  });

  it('is not ready for READY_DELAY_SECONDS, and never with READY_FAIL', async () => {
    const slow = await runContainer(runtime, clock, { env: { READY_DELAY_SECONDS: '5' } });
    const never = await runContainer(runtime, clock, { env: { READY_FAIL: 'true' } });
    expect((await get(slow, { path: '/readyz' })).statusCode).toBe(503);
    await clock.advance(5000);
    expect((await get(slow, { path: '/readyz' })).statusCode).toBe(200);
    expect((await get(never, { path: '/readyz' })).statusCode).toBe(503);
  });

  it('uses more CPU as the request rate grows', async () => {
    const id = await runContainer(runtime, clock);
    const idle = runtime.usage(id)!.cpuMilli;
    for (let i = 0; i < 50; i++) await get(id);
    expect(runtime.usage(id)!.cpuMilli).toBe(idle + 10); // 5 req/s over the 10 s window × 2 ms
    await clock.advance(10_001);
    expect(runtime.usage(id)!.cpuMilli).toBe(idle);
  });

  it('resets connections still waiting when the container dies', async () => {
    const id = await runContainer(runtime, clock, { env: { LATENCY_MS: '5000' } });
    const response = get(id);
    await clock.advance(10);
    await runtime.removeContainer(id);
    await expect(response).rejects.toThrow();
  });
});
