/**
 * The load generator: steady requests per second per Service, through the proxy's own traffic
 * port, counted by target and outcome; targets changed at runtime with PUT /load.
 */
import type { ApiClient } from '@orchestra/client';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { LoadGenerator } from '../src/load/load.generator';
import { EchoKubelet } from './echo-kubelet';
import {
  address,
  createNode,
  createService,
  eventually,
  metricValue,
  putEndpoints,
  request,
  startTestProxy,
  testClient,
  type TestProxy,
} from './proxy-harness';

const WINDOW_MS = 2000;

describe(LoadGenerator.name, () => {
  let api: TestApiserver;
  let proxy: TestProxy;
  let client: ApiClient;
  let kubelet: EchoKubelet;
  let slowKubelet: EchoKubelet;

  async function metrics(): Promise<string> {
    return (await fetch(`${proxy.url}/metrics`)).text();
  }

  async function loadCount(target: string, code = '200'): Promise<number> {
    return metricValue(await metrics(), 'orchestra_load_requests_total', { target, code }) ?? 0;
  }

  /** Requests the generator completed for each target over WINDOW_MS. */
  async function measure(targets: string[]): Promise<number[]> {
    const before = await Promise.all(targets.map((t) => loadCount(t)));
    await new Promise((r) => setTimeout(r, WINDOW_MS));
    const after = await Promise.all(targets.map((t) => loadCount(t)));
    return after.map((n, i) => n - before[i]);
  }

  beforeAll(async () => {
    api = await startTestApiserver('proxy-load');
    client = testClient(api);
    [kubelet, slowKubelet] = await Promise.all([EchoKubelet.start(), EchoKubelet.start()]);
    slowKubelet.delayMs = 1000;
    await createNode(client, 'node-1', kubelet.port);
    await createNode(client, 'node-slow', slowKubelet.port);
    for (const name of ['web', 'api', 'slow']) await createService(client, name);
    await putEndpoints(client, 'web', { ready: [address('web-a', '10.244.1.1', 'node-1')] });
    await putEndpoints(client, 'api', { ready: [address('api-a', '10.244.1.2', 'node-1')] });
    await putEndpoints(client, 'slow', { ready: [address('slow-a', '10.244.2.1', 'node-slow')] });
    proxy = await startTestProxy(api, {
      LOAD_TARGETS: 'default/web=20:/hello, default/api=50',
      LOAD_TIMEOUT_MS: '300',
    });
    await eventually(async () => (await loadCount('default/api')) > 0, 'load flowing');
  });

  afterAll(async () => {
    await proxy.close();
    await Promise.all([kubelet.close(), slowKubelet.close()]);
    await api.close();
  });

  it('sends about the configured rate to each target, on its path, through the proxy', async () => {
    const [web, apiCount] = await measure(['default/web', 'default/api']);
    expect(web).toBeGreaterThanOrEqual(34);
    expect(web).toBeLessThanOrEqual(46);
    expect(apiCount).toBeGreaterThanOrEqual(88);
    expect(apiCount).toBeLessThanOrEqual(112);
    const body = await metrics();
    expect(
      metricValue(body, 'orchestra_proxy_requests_total', { service: 'web', pod: 'web-a', code: '200' }),
    ).toBe(metricValue(body, 'orchestra_load_requests_total', { target: 'default/web', code: '200' }));
    expect(
      metricValue(body, 'orchestra_load_request_duration_seconds_count', { target: 'default/web' }),
    ).toBeGreaterThan(0);
  });

  it('sends each target its path, and shows its targets on GET /load', async () => {
    const seen = (ip: string) => new Set(kubelet.requests.filter((r) => r.podIp === ip).map((r) => r.url));
    expect([...seen('10.244.1.1')]).toEqual(['/hello']);
    expect([...seen('10.244.1.2')]).toEqual(['/']);
    const res = await request(`${proxy.url}/load`);
    expect(JSON.parse(res.text)).toEqual({
      targets: [
        { namespace: 'default', service: 'web', rps: 20, path: '/hello' },
        { namespace: 'default', service: 'api', rps: 50, path: '/' },
      ],
    });
  });

  it('changes targets at runtime with PUT /load, and stops with an empty list', async () => {
    const put = (body: unknown) =>
      request(`${proxy.url}/load`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const res = await put({ targets: [{ service: 'default/web', rps: 10 }] });
    expect(res.status).toBe(200);
    const [web, apiCount] = await measure(['default/web', 'default/api']);
    expect(web).toBeGreaterThanOrEqual(16);
    expect(web).toBeLessThanOrEqual(24);
    expect(apiCount).toBeLessThanOrEqual(2);

    expect((await put({ targets: 'default/web=abc' })).status).toBe(400);
    expect((await put({ targets: [{ service: 'web', rps: 1 }] })).status).toBe(400);
    expect((await put({ targets: 'default/web=5' })).status).toBe(200);
    expect((await put({ targets: [] })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    expect(await measure(['default/web'])).toEqual([0]);
  });

  it('counts requests that exceed the load timeout as timeouts', async () => {
    await request(`${proxy.url}/load`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ targets: 'default/slow=10' }),
    });
    await eventually(async () => (await loadCount('default/slow', 'timeout')) >= 3, 'timeouts counted');
    expect(await loadCount('default/slow')).toBe(0);
  });
});
