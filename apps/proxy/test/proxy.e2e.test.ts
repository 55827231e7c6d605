/**
 * The kube-proxy process as a whole: its start line, health endpoints (ready once the routing
 * table has synced) and its Kubernetes-named sync metrics.
 */
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { ProxyModule } from '../src/proxy.module';
import { PROXY_START_LINE } from '../src/proxy.service';
import { eventually, metricValue, startTestProxy, type TestProxy } from './proxy-harness';

describe(ProxyModule.name, () => {
  let api: TestApiserver;
  let proxy: TestProxy;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    api = await startTestApiserver('proxy-shell');
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      return true;
    });
    try {
      proxy = await startTestProxy(api, { LOG_LEVEL: 'info' });
    } finally {
      write.mockRestore();
    }
  });

  afterAll(async () => {
    await proxy.close();
    await api.close();
  });

  it('says at start what it does and where traffic comes in', () => {
    expect(lines.find((line) => line.message === PROXY_START_LINE)).toMatchObject({
      level: 'info',
      component: 'kube-proxy',
      apiserver: api.url,
      traffic: proxy.trafficUrl,
      nodePorts: true,
      loadTargets: 0,
    });
  });

  it('answers /healthz and /livez, and /readyz once the routing table has synced', async () => {
    for (const path of ['/healthz', '/livez']) {
      const res = await fetch(proxy.url + path);
      expect([path, res.status, await res.text()]).toEqual([path, 200, 'ok']);
    }
    await eventually(async () => (await fetch(`${proxy.url}/readyz`)).status === 200, 'readyz');
    expect(await (await fetch(`${proxy.url}/readyz?verbose`)).text()).toContain('[+]informers-synced ok');
  });

  it('exports process metrics and the sync metrics of kube-proxy', async () => {
    const body = await (await fetch(`${proxy.url}/metrics`)).text();
    expect(body).toMatch(/^process_cpu_user_seconds_total\{component="kube-proxy"\} /m);
    expect(metricValue(body, 'kubeproxy_sync_proxy_rules_last_timestamp_seconds')).toBeGreaterThan(0);
    expect(body).toMatch(/^kubeproxy_sync_proxy_rules_duration_seconds_count\{component="kube-proxy"\} \d+/m);
  });
});
