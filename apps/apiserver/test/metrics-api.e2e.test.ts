/**
 * The resource metrics API (metrics.k8s.io/v1beta1) and `kubectl top`, with the real kubectl, a
 * real apiserver and an in-process kubelet running two nodes behind one port: the apiserver
 * scrapes each Node's kubelet (`/stats/summary?node=`) as metrics-server does. A cpu-burner pod
 * wanting 250m shows 250m; nodes show their pods' usage plus the system overhead. Run with the
 * default client and with an older and a newer one if installed.
 */
import type { Pod } from '@orchestra/api';
import type { ApiClient } from '@orchestra/client';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import type { KubectlSession } from '../../../tools/testing/kubectl-session';
import { tlsKubectlSession } from '../../../tools/testing/tls-kubectl-session';
import {
  boundPod,
  eventually,
  freePort,
  getPod,
  podsDef,
  startTestKubelet,
  testClient,
  type TestKubelet,
} from '../../kubelet/test/kubelet-harness';
import { SYSTEM_OVERHEAD } from '../../kubelet/src/server/stats-summary.controller';
import { installedKubectlClients } from './kubectl-clients';

const clients = installedKubectlClients();
const METRICS = '/apis/metrics.k8s.io/v1beta1';

/** Kubernetes CPU quantity (`250000000n`, `250m`, `1`) in millicores. */
const milli = (q: string): number =>
  q.endsWith('n')
    ? Number(q.slice(0, -1)) / 1e6
    : q.endsWith('m')
      ? Number(q.slice(0, -1))
      : Number(q) * 1000;

describe('metrics.k8s.io and kubectl top', () => {
  let api: TestApiserver;
  let kubelet: TestKubelet;
  let client: ApiClient;

  const getJson = async (path: string, accept = 'application/json') => {
    const res = await api.fetch(path, { headers: { accept } });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    api = await startTestApiserver('metrics-api');
    client = testClient(api);
    // The apiserver reaches the kubelet through the Node's kubeletEndpoint: a real port, then.
    kubelet = await startTestKubelet(api, {
      NODE_NAME_PREFIX: 'top',
      NODES: '2',
      TIME_SCALE: '20',
      KUBELET_PORT: String(await freePort()),
    });
    await kubelet.service.started();
    const pods = client.resource<Pod>(podsDef);
    const burner = boundPod('burner', 'top-1', {
      name: 'burn',
      image: 'orchestra/cpu-burner',
      env: [{ name: 'MILLICORES', value: '250' }],
      ports: [],
    });
    burner.metadata.labels = { app: 'burner' };
    await pods.create(burner);
    const web = boundPod('web', 'top-2', {
      name: 'web',
      image: 'orchestra/web',
      ports: [{ containerPort: 80 }],
    });
    web.metadata.labels = { app: 'web' };
    await pods.create(web);
    for (const name of ['burner', 'web'])
      await eventually(
        async () => (await getPod(client, name))?.status?.containerStatuses?.every((s) => s.state?.running),
        10_000,
        `${name} running`,
      );
    // The burner's usage once the runtime has sampled it (and past the summary cache).
    await eventually(
      async () => {
        const { body } = await getJson(`${METRICS}/namespaces/default/pods/burner`);
        return body.containers?.[0] && milli(body.containers[0].usage.cpu) === 250;
      },
      15_000,
      'burner at 250m',
    );
  });

  afterAll(async () => {
    await kubelet?.close();
    await api?.close();
  });

  it('lists the group in aggregated and legacy discovery, with nodes and pods (get, list)', async () => {
    const aggregated = await getJson(
      '/apis',
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
    );
    const group = aggregated.body.items.find((g: any) => g.metadata.name === 'metrics.k8s.io');
    expect(group.versions[0].version).toBe('v1beta1');
    expect(group.versions[0].resources).toEqual([
      expect.objectContaining({ resource: 'nodes', scope: 'Cluster', verbs: ['get', 'list'] }),
      expect.objectContaining({ resource: 'pods', scope: 'Namespaced', verbs: ['get', 'list'] }),
    ]);
    expect(aggregated.body.items.map((g: any) => g.metadata.name)).toContain('apps');

    const legacy = await getJson('/apis');
    expect(legacy.body.groups.map((g: any) => g.name)).toContain('metrics.k8s.io');
    expect((await getJson('/apis/metrics.k8s.io')).body.preferredVersion.groupVersion).toBe(
      'metrics.k8s.io/v1beta1',
    );
    const resources = await getJson(METRICS);
    expect(resources.body).toMatchObject({ kind: 'APIResourceList', groupVersion: 'metrics.k8s.io/v1beta1' });
    expect(resources.body.resources.map((r: any) => [r.name, r.kind])).toEqual([
      ['nodes', 'NodeMetrics'],
      ['pods', 'PodMetrics'],
    ]);
    expect((await getJson('/apis/metrics.k8s.io/v1')).status).toBe(404);
  });

  it('answers PodMetrics from the kubelet’s summary, honouring namespaces and label selectors', async () => {
    const all = await getJson(`${METRICS}/pods`);
    expect(all.body).toMatchObject({ kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1' });
    expect(all.body.items.map((p: any) => p.metadata.name).sort()).toEqual(['burner', 'web']);

    const selected = await getJson(`${METRICS}/namespaces/default/pods?labelSelector=app%3Dburner`);
    expect(selected.body.items).toHaveLength(1);
    const [burner] = selected.body.items;
    expect(burner).toMatchObject({
      kind: 'PodMetrics',
      metadata: { name: 'burner', namespace: 'default', labels: { app: 'burner' } },
      window: '10s',
      containers: [{ name: 'burn', usage: { cpu: expect.stringMatching(/^\d+n$/) } }],
    });
    expect(burner.containers[0].usage.memory).toBe('12288Ki');
    expect(Date.parse(burner.timestamp)).not.toBeNaN();

    expect((await getJson(`${METRICS}/namespaces/other/pods`)).body.items).toEqual([]);
    const missing = await getJson(`${METRICS}/namespaces/default/pods/ghost`);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('pods.metrics.k8s.io "ghost" not found');
    const write = await api.fetch(`${METRICS}/pods`, { method: 'POST', body: '{}' });
    expect(write.status).toBe(405);
  });

  it('answers NodeMetrics: each node’s pods plus the system overhead', async () => {
    const list = await getJson(`${METRICS}/nodes`);
    expect(list.body.kind).toBe('NodeMetricsList');
    expect(list.body.items.map((n: any) => n.metadata.name).sort()).toEqual(['top-1', 'top-2']);
    const top1 = (await getJson(`${METRICS}/nodes/top-1`)).body;
    expect(top1).toMatchObject({ kind: 'NodeMetrics', metadata: { name: 'top-1' }, window: '10s' });
    expect(milli(top1.usage.cpu)).toBe(250 + SYSTEM_OVERHEAD.cpuMilli);
    expect(top1.usage.memory).toMatch(/^\d+Ki$/);
    const none = await getJson(`${METRICS}/nodes?labelSelector=kubernetes.io%2Fhostname%3Dnope`);
    expect(none.body.items).toEqual([]);
    expect((await getJson(`${METRICS}/nodes/ghost`)).status).toBe(404);
  });

  describe.each(clients.map((c) => [c.label, c.path]))('%s', (_label, kubectlPath) => {
    let session: KubectlSession;
    beforeAll(async () => {
      session = await tlsKubectlSession(kubectlPath, api.url);
    });
    afterAll(() => session.close());

    /** kubectl top's table as rows of columns, header first. */
    const table = async (...args: string[]) =>
      (await session.kubectl('top', ...args))
        .trimEnd()
        .split('\n')
        .map((line) => line.trim().split(/\s+/));

    it('shows pods with their CPU and memory, per container with --containers, selected with -l', async () => {
      const rows = await table('pods');
      expect(rows[0]).toEqual(expect.arrayContaining(['NAME', 'CPU(cores)', 'MEMORY(bytes)']));
      expect(rows.find((r) => r[0] === 'burner')).toEqual(['burner', '250m', '12Mi']);
      expect(rows.map((r) => r[0])).toContain('web');

      const containers = await table('pods', '--containers', '-n', 'default');
      expect(containers.find((r) => r[0] === 'burner')).toEqual(['burner', 'burn', '250m', '12Mi']);

      const selected = await table('pods', '-l', 'app=burner');
      expect(selected.slice(1).map((r) => r[0])).toEqual(['burner']);
    });

    it('shows nodes with CPU and memory', async () => {
      const rows = await table('nodes');
      expect(rows[0]).toEqual(expect.arrayContaining(['NAME', 'CPU(cores)', 'MEMORY(bytes)']));
      const top1 = rows.find((r) => r[0] === 'top-1')!;
      expect(top1[1]).toBe(`${250 + SYSTEM_OVERHEAD.cpuMilli}m`);
      expect(top1[3]).toMatch(/^\d+Mi$/);
      expect(rows.find((r) => r[0] === 'top-2')?.[1]).toMatch(/^\d+m$/);
    });
  });
});
