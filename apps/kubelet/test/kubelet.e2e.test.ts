/**
 * The kubelet process as a whole: its start line, health endpoints (ready once its nodes are
 * registered and their pod caches synced) and its Kubernetes-named metrics.
 */
import type { Pod } from '@orchestra/api';
import { kubeletQueueName, queuePrefix } from '@orchestra/queues';
import { Queue } from 'bullmq';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { KubeletModule } from '../src/kubelet.module';
import { KUBELET_START_LINE } from '../src/kubelet.service';
import {
  boundPod,
  eventually,
  podsDef,
  startTestKubelet,
  testClient,
  type TestKubelet,
} from './kubelet-harness';

describe(KubeletModule.name, () => {
  let api: TestApiserver;
  let kubelet: TestKubelet;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    api = await startTestApiserver('kubelet-shell');
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      return true;
    });
    try {
      kubelet = await startTestKubelet(api, { NODES: '2', NODE_NAME_PREFIX: 'shell', LOG_LEVEL: 'info' });
    } finally {
      write.mockRestore();
    }
  });

  afterAll(async () => {
    await kubelet.close();
    await api.close();
  });

  it('says at start what it does and which nodes it runs', () => {
    expect(lines.find((line) => line.message === KUBELET_START_LINE)).toMatchObject({
      level: 'info',
      component: 'kubelet',
      nodes: ['shell-1', 'shell-2'],
      apiserver: api.url,
      profile: 'playground',
      leaseRenewMs: 2000,
      statusMs: 10000,
    });
  });

  it('answers /healthz and /livez, and /readyz once its nodes are registered', async () => {
    for (const path of ['/healthz', '/livez']) {
      const res = await fetch(kubelet.url + path);
      expect([path, res.status, await res.text()]).toEqual([path, 200, 'ok']);
    }
    await eventually(async () => (await fetch(`${kubelet.url}/readyz`)).status === 200, 10_000, 'readyz');
    expect(await (await fetch(`${kubelet.url}/readyz?verbose`)).text()).toContain(
      '[+]nodes-registered-and-synced ok',
    );
  });

  it('exports kubelet_node_name for each node and kubelet_running_pods', async () => {
    const body = await (await fetch(`${kubelet.url}/metrics`)).text();
    expect(body).toMatch(/^kubelet_node_name\{node="shell-1",component="kubelet"\} 1$/m);
    expect(body).toMatch(/^kubelet_node_name\{node="shell-2",component="kubelet"\} 1$/m);
    expect(body).toMatch(/^kubelet_running_pods\{component="kubelet"\} 0$/m);
  });

  it("takes the keys the apiserver's dispatcher puts on its node queues, and leaves them empty", async () => {
    const processed = async () => {
      const body = await (await fetch(`${kubelet.url}/metrics`)).text();
      return Number(
        /^workqueue_work_duration_seconds_count\{[^}]*name="kubelet"[^}]*\} (\d+)$/m.exec(body)?.[1] ?? 0,
      );
    };
    const before = await processed();
    await testClient(api).resource<Pod>(podsDef).create(boundPod('queued', 'shell-2'));
    await eventually(async () => (await processed()) > before, 10_000, 'a node-queue job taken');
    const connection = api.redis.client.duplicate();
    const queue = new Queue(kubeletQueueName('shell-2'), {
      connection,
      prefix: queuePrefix(api.redis.prefix),
    });
    try {
      await eventually(
        async () => {
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
          return Object.values(counts).every((n) => n === 0);
        },
        10_000,
        'the node queue to be empty',
      );
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });
});
