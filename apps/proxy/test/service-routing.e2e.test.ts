/**
 * Service traffic through the proxy to pods behind a kubelet: by path and by Host header,
 * round-robin over ready endpoints only, and the answers a client gets when a Service is
 * unknown (404), has no ready endpoints (503), or its backend is down (502) or slow (504).
 */
import type { ApiClient } from '@orchestra/client';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { ServiceProxy } from '../src/traffic/service.proxy';
import { closedPort, EchoKubelet, type EchoAnswer } from './echo-kubelet';
import {
  address,
  createNode,
  createService,
  deleteObject,
  eventually,
  metricValue,
  putEndpoints,
  request,
  startTestProxy,
  testClient,
  type TestProxy,
} from './proxy-harness';

const pods = [address('web-a', '10.244.1.1', 'node-1'), address('web-b', '10.244.1.2', 'node-1')];
const podC = address('web-c', '10.244.2.1', 'node-2');

describe(ServiceProxy.name, () => {
  let api: TestApiserver;
  let proxy: TestProxy;
  let client: ApiClient;
  let kubelet1: EchoKubelet;
  let kubelet2: EchoKubelet;

  async function get(path: string, headers: Record<string, string> = {}) {
    const { status, text } = await request(proxy.trafficUrl + path, { headers });
    return { status, text, answer: (status === 200 ? JSON.parse(text) : undefined) as EchoAnswer };
  }

  async function podsHit(count: number, path = '/default/web/', headers: Record<string, string> = {}) {
    const hits: Record<string, number> = {};
    for (let i = 0; i < count; i++) {
      const { status, answer } = await get(path, headers);
      const key = status === 200 ? answer.podIp : `status ${status}`;
      hits[key] = (hits[key] ?? 0) + 1;
    }
    return hits;
  }

  beforeAll(async () => {
    api = await startTestApiserver('proxy-routing');
    client = testClient(api);
    [kubelet1, kubelet2] = await Promise.all([EchoKubelet.start(), EchoKubelet.start()]);
    await createNode(client, 'node-1', kubelet1.port);
    await createNode(client, 'node-2', kubelet2.port);
    await createService(client, 'web');
    await putEndpoints(client, 'web', { ready: [...pods, podC] });
    proxy = await startTestProxy(api, { PROXY_UPSTREAM_TIMEOUT_MS: '500' });
    await eventually(async () => (await get('/default/web/')).status === 200, 'web routed');
  });

  afterAll(async () => {
    await proxy.close();
    await Promise.all([kubelet1.close(), kubelet2.close()]);
    await api.close();
  });

  it('routes /<namespace>/<service>/<path> round-robin to every ready pod, through its kubelet', async () => {
    expect(await podsHit(300)).toEqual({ '10.244.1.1': 100, '10.244.1.2': 100, '10.244.2.1': 100 });
    const { answer } = await get('/default/web/hello/world?x=1');
    expect(answer).toMatchObject({ method: 'GET', url: '/hello/world?x=1', podPort: '8080' });
    expect(answer.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('reuses keep-alive connections to each kubelet instead of one per request or pod', () => {
    expect(kubelet1.connections.size).toBeLessThan(10);
    expect(kubelet2.connections.size).toBeLessThan(10);
  });

  it('routes by Host header: <service>.<namespace>.svc.cluster.local, .svc and <service>.<namespace>', async () => {
    for (const host of ['web.default.svc.cluster.local:80', 'web.default.svc', 'web.default']) {
      const hits = await podsHit(30, '/from-host', { host });
      expect([host, Object.keys(hits).sort()]).toEqual([host, ['10.244.1.1', '10.244.1.2', '10.244.2.1']]);
    }
    expect((await get('/from-host', { host: 'web.default.svc' })).answer.url).toBe('/from-host');
  });

  it('forwards method, body and end-to-end headers, and strips hop-by-hop ones', async () => {
    const res = await request(`${proxy.trafficUrl}/default/web/items`, {
      method: 'POST',
      body: 'x'.repeat(100_000),
      headers: { 'x-request-id': 'abc', 'keep-alive': 'timeout=5', 'x-forwarded-for': '192.0.2.7' },
    });
    const answer = JSON.parse(res.text) as EchoAnswer;
    expect(answer).toMatchObject({ method: 'POST', url: '/items' });
    expect(answer.body).toHaveLength(100_000);
    expect(answer.headers).toMatchObject({
      'x-request-id': 'abc',
      'x-forwarded-for': '192.0.2.7, 127.0.0.1',
    });
    expect(answer.headers['keep-alive']).toBeUndefined();
    expect(res.headers['x-answered-by']).toBe('echo');
  });

  it('picks a service port by name or number, and sends the pod its target port', async () => {
    await createService(client, 'multi', [
      { name: 'http', port: 80, targetPort: 8080 },
      { name: 'admin', port: 9000, targetPort: 9090 },
    ]);
    await putEndpoints(client, 'multi', {
      ready: [pods[0]],
      ports: [
        { name: 'http', port: 8080 },
        { name: 'admin', port: 9090 },
      ],
    });
    await eventually(async () => (await get('/default/multi/')).status === 200, 'multi routed');
    expect((await get('/default/multi/')).answer.podPort).toBe('8080');
    expect((await get('/default/multi:admin/')).answer.podPort).toBe('9090');
    expect((await get('/default/multi:9000/')).answer.podPort).toBe('9090');
    expect((await get('/', { host: 'multi.default.svc:9000' })).answer.podPort).toBe('9090');
    expect(await get('/default/multi:nope/')).toMatchObject({
      status: 404,
      text: 'service "default/multi" has no port "nope"\n',
    });
  });

  it('stops sending traffic to an endpoint moved to notReadyAddresses', async () => {
    await putEndpoints(client, 'web', { ready: pods, notReady: [podC] });
    await eventually(async () => !(await podsHit(6))['10.244.2.1'], 'web-c out of rotation');
    expect(await podsHit(60)).toEqual({ '10.244.1.1': 30, '10.244.1.2': 30 });
  });

  it('answers 503 with a clear body when a Service has no ready endpoints', async () => {
    await createService(client, 'empty');
    await putEndpoints(client, 'empty', { notReady: [podC] });
    await eventually(async () => (await get('/default/empty/')).status === 503, 'empty routed');
    expect((await get('/default/empty/')).text).toBe('no endpoints available for service "default/empty"\n');
  });

  it('answers 404 for an unknown Service and for a request that names none', async () => {
    expect(await get('/default/nope/')).toMatchObject({
      status: 404,
      text: 'service "default/nope" not found\n',
    });
    expect(
      await get('/nope.default.svc.cluster.local/x', { host: 'nope.default.svc.cluster.local' }),
    ).toMatchObject({
      status: 404,
      text: 'service "default/nope" not found\n',
    });
    const { status, text } = await get('/');
    expect(status).toBe(404);
    expect(text).toContain('name a Service by path (/<namespace>/<service>[:<port>]/<path>)');
  });

  it('stops routing a deleted Service', async () => {
    await createService(client, 'gone');
    await putEndpoints(client, 'gone', { ready: [pods[0]] });
    await eventually(async () => (await get('/default/gone/')).status === 200, 'gone routed');
    await deleteObject(client, 'Service', 'gone');
    await eventually(async () => (await get('/default/gone/')).status === 404, 'gone unrouted');
  });

  it('answers 502 when the kubelet is down; a GET tries the next endpoint once', async () => {
    await createNode(client, 'node-down', await closedPort());
    await createService(client, 'down');
    await putEndpoints(client, 'down', { ready: [address('down-a', '10.244.9.1', 'node-down')] });
    await eventually(async () => (await get('/default/down/')).status === 502, 'down routed');
    expect((await get('/default/down/')).text).toMatch(
      /^error reaching pod down-a of service "default\/down": /,
    );

    await putEndpoints(client, 'down', { ready: [address('down-a', '10.244.9.1', 'node-down'), pods[0]] });
    await eventually(async () => (await get('/default/down/')).status === 200, 'second endpoint routed');
    expect(await podsHit(10, '/default/down/')).toEqual({ '10.244.1.1': 10 });
    const posts = await Promise.all(
      Array.from({ length: 4 }, () =>
        request(`${proxy.trafficUrl}/default/down/`, { method: 'POST', body: 'x' }),
      ),
    );
    expect(posts.map((r) => r.status).sort()).toEqual([200, 200, 502, 502]);
  });

  it('answers 504 when the pod does not answer within the timeout', async () => {
    kubelet1.delayMs = 1500;
    try {
      const res = await get('/default/multi/');
      expect(res).toMatchObject({ status: 504 });
      expect(res.text).toMatch(/^timeout: pod web-a of service "default\/multi" did not answer/);
    } finally {
      kubelet1.delayMs = 0;
    }
  });

  it('skips, and counts, ready endpoints whose Node is unknown or has no kubelet endpoint', async () => {
    await createNode(client, 'node-no-kubelet');
    await createService(client, 'partial');
    await putEndpoints(client, 'partial', {
      ready: [
        pods[0],
        address('p-x', '10.244.7.1', 'node-missing'),
        address('p-y', '10.244.8.1', 'node-no-kubelet'),
      ],
    });
    await eventually(async () => (await get('/default/partial/')).status === 200, 'partial routed');
    expect(await podsHit(6, '/default/partial/')).toEqual({ '10.244.1.1': 6 });
    const body = await (await fetch(`${proxy.url}/metrics`)).text();
    const skipped = (reason: string) =>
      metricValue(body, 'orchestra_proxy_skipped_endpoints', {
        namespace: 'default',
        service: 'partial',
        reason,
      });
    expect([skipped('node-unknown'), skipped('no-kubelet-endpoint')]).toEqual([1, 1]);
  });

  it('counts requests per Service, backend pod and code, with latency and upstream errors', async () => {
    const body = await (await fetch(`${proxy.url}/metrics`)).text();
    const requests = (labels: Record<string, string>) =>
      metricValue(body, 'orchestra_proxy_requests_total', { namespace: 'default', ...labels });
    expect(requests({ service: 'web', pod: 'web-c', code: '200' })).toBeGreaterThanOrEqual(100);
    expect(requests({ service: 'empty', pod: '', code: '503' })).toBeGreaterThanOrEqual(1);
    expect(requests({ service: 'down', pod: 'down-a', code: '502' })).toBeGreaterThanOrEqual(2);
    expect(requests({ service: 'multi', pod: 'web-a', code: '504' })).toBe(1);
    const errors = (reason: string) =>
      metricValue(body, 'orchestra_proxy_upstream_errors_total', {
        namespace: 'default',
        service: 'down',
        reason,
      });
    expect(errors('connection-refused')).toBeGreaterThanOrEqual(9);
    // A Service without failures has its error series at 0 from its first request, not none.
    for (const reason of ['connection-refused', 'connection-reset', 'timeout', 'other'])
      expect(
        metricValue(body, 'orchestra_proxy_upstream_errors_total', {
          namespace: 'default',
          service: 'web',
          reason,
        }),
      ).toBe(0);
    expect(
      metricValue(body, 'orchestra_proxy_upstream_errors_total', { service: 'multi', reason: 'timeout' }),
    ).toBe(1);
    expect(
      metricValue(body, 'orchestra_proxy_request_duration_seconds_count', {
        namespace: 'default',
        service: 'web',
      }),
    ).toBeGreaterThanOrEqual(300);
    expect(metricValue(body, 'kubeproxy_sync_proxy_rules_endpoint_changes_total')).toBeGreaterThan(0);
  });
});
