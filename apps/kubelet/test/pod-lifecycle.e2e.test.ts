/**
 * A pod's life on a simulated node, against a real apiserver: bound → Running and Ready with an
 * IP from the node's podCIDR and the kubelet's events; reachable through the kubelet port by
 * pod IP; its status written only when it changes; deleted gracefully (the grace period is
 * honoured, then the kubelet confirms and the pod is gone).
 */
import type { Pod } from '@orchestra/api';
import type { ApiClient } from '@orchestra/client';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { PodSyncer } from '../src/pods/pod-syncer';
import {
  boundPod,
  eventsFor,
  eventually,
  getPod,
  podsDef,
  startTestKubelet,
  testClient,
  type TestKubelet,
} from './kubelet-harness';

const isReady = (pod?: Pod) =>
  pod?.status?.phase === 'Running' &&
  pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

describe(PodSyncer.name, () => {
  let api: TestApiserver;
  let kubelet: TestKubelet;
  let client: ApiClient;

  beforeAll(async () => {
    api = await startTestApiserver('kubelet-pods');
    client = testClient(api);
    kubelet = await startTestKubelet(api, { NODES: '1', NODE_INDEX_OFFSET: '6' });
    await kubelet.service.started();
  });

  afterAll(async () => {
    await kubelet.close();
    await api.close();
  });

  it('runs a bound nginx pod: Running and Ready, IP from the podCIDR, the kubelet events', async () => {
    const t0 = Date.now();
    await client.resource<Pod>(podsDef).create(boundPod('web', 'node-7'));

    const pod = await eventually(
      async () => {
        const p = await getPod(client, 'web');
        return isReady(p) && p;
      },
      10_000,
      'web Running and Ready',
    );
    // Create → Running and Ready seen by a 50 ms poll: simulated nginx pull (500 ms / 20) included.
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(pod.status!.podIP).toMatch(/^10\.244\.7\.\d+$/);
    expect(pod.status!.podIPs).toEqual([{ ip: pod.status!.podIP }]);
    expect(pod.status!.hostIP).toBe('127.0.0.1');
    expect(pod.status!.startTime).toBeDefined();
    expect(pod.status!.conditions!.map((c) => [c.type, c.status]).sort()).toEqual([
      ['ContainersReady', 'True'],
      ['Initialized', 'True'],
      ['PodReadyToStartContainers', 'True'],
      ['PodScheduled', 'True'],
      ['Ready', 'True'],
    ]);
    const [status] = pod.status!.containerStatuses!;
    expect(status).toMatchObject({
      name: 'app',
      ready: true,
      started: true,
      restartCount: 0,
      image: 'nginx:1.27',
      state: { running: { startedAt: expect.any(String) } },
    });
    expect(status.containerID).toMatch(/^orchestra:\/\/[0-9a-f]+$/);
    expect(status.imageID).toContain('nginx');
    const events = await eventually(
      async () => {
        const list = await eventsFor(client, 'web');
        return list.length >= 4 && list;
      },
      5_000,
      'kubelet events',
    );
    expect(events.map((e) => e.reason)).toEqual(
      expect.arrayContaining(['Pulling', 'Pulled', 'Created', 'Started']),
    );
    const pulled = events.find((e) => e.reason === 'Pulled')!;
    expect(pulled.message).toMatch(/^Successfully pulled image "nginx:1.27" in \d+\.\d{3}s/);
    expect(pulled.source).toEqual({ component: 'kubelet', host: 'node-7' });
    const body = await (await fetch(`${kubelet.url}/metrics`)).text();
    expect(body).toMatch(/^kubelet_running_pods\{component="kubelet"\} 1$/m);
    expect(body).toMatch(/^kubelet_running_containers\{container_state="running",component="kubelet"\} 1$/m);
    expect(body).toMatch(/^kubelet_pod_start_duration_seconds_count\{component="kubelet"\} 1$/m);
    for (const name of [
      'container_memory_working_set_bytes',
      'container_memory_rss',
      'container_cpu_usage_seconds_total',
    ])
      expect(body).toMatch(
        new RegExp(
          `^${name}\\{namespace="default",pod="web",container="app",image="docker.io/library/nginx:1.27",component="kubelet"\\} [\\d.e-]+$`,
          'm',
        ),
      );
  });

  it('serves HTTP for the pod through the kubelet port, by pod IP, and its logs', async () => {
    const pod = (await getPod(client, 'web'))!;
    const res = await fetch(`${kubelet.url}/`, {
      headers: { 'X-Orchestra-Pod-IP': pod.status!.podIP!, 'X-Orchestra-Pod-Port': '80' },
    });
    expect(res.status).toBe(200);
    const logs = await fetch(`${kubelet.url}/containerLogs/default/web/app?tailLines=1&timestamps=true`);
    expect(logs.headers.get('content-type')).toContain('text/plain');
    expect((await logs.text()).trim().split('\n')).toHaveLength(1);
    const unknown = await fetch(`${kubelet.url}/healthz`, {
      headers: { 'X-Orchestra-Pod-IP': '10.244.7.250' },
    });
    expect(unknown.status).toBe(502);
    expect(await unknown.text()).toContain('no pod with IP 10.244.7.250');
  });

  it('writes the status only when it changes', async () => {
    const pods = client.resource<Pod>(podsDef);
    const before = (await pods.get('web', 'default')).metadata.resourceVersion;
    // TIME_SCALE=20: the periodic resync runs every 3 s; wait for one or two and poke the pod too.
    kubelet.service.kubelet.workers.update('node-7', 'default/web');
    await new Promise((r) => setTimeout(r, 3_500));
    const after = (await pods.get('web', 'default')).metadata.resourceVersion;
    expect(after).toBe(before);
  });

  it('stops a deleted pod within its grace period, then confirms, and the pod is gone', async () => {
    const pods = client.resource<Pod>(podsDef);
    // A shell as PID 1 ignores SIGTERM: it is killed at the end of the grace period (2 s / 20).
    await pods.create(
      boundPod(
        'sleeper',
        'node-7',
        { image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'], ports: [] },
        {
          terminationGracePeriodSeconds: 2,
        },
      ),
    );
    const running = await eventually(
      async () => {
        const p = await getPod(client, 'sleeper');
        return isReady(p) && p;
      },
      10_000,
      'sleeper Running',
    );
    const ip = running.status!.podIP!;
    const started = Date.now();
    await pods.delete('sleeper', 'default');
    const terminating = await getPod(client, 'sleeper');
    expect(terminating?.metadata.deletionTimestamp).toBeDefined(); // graceful: still there
    await eventually(async () => (await getPod(client, 'sleeper')) === undefined, 10_000, 'sleeper gone');
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(100); // the simulated 2 s grace period, at TIME_SCALE=20
    expect(took).toBeLessThan(5_000);
    const killing = (await eventsFor(client, 'sleeper')).find((e) => e.reason === 'Killing');
    expect(killing?.message).toBe('Stopping container app');
    // Its IP is free again, and traffic to it is refused.
    const res = await fetch(`${kubelet.url}/`, { headers: { 'X-Orchestra-Pod-IP': ip } });
    expect(res.status).toBe(502);
  });
});
