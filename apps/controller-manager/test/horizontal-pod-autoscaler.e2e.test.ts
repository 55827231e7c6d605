/**
 * The HorizontalPodAutoscaler end to end, with real OS processes (apiserver, scheduler,
 * controller-manager with a 2 s HPA sync period, a kubelet of 2 nodes, the proxy and
 * kube-state-metrics) and the real kubectl: examples/autoscaling.yaml is applied as written
 * (its scale-down window then shortened to 10 s with kubectl patch); the proxy's load generator
 * drives 60 requests per second at the Service, the web pods' CPU (from metrics.k8s.io) passes
 * the 50% target and the HPA scales the Deployment out; once the load stops it scales back in
 * after the scale-down window, and kube-state-metrics' desired replicas follow. Then kubectl
 * autoscale (1.27, default, 1.33), get hpa and describe hpa.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installedKubectlClients } from '../../apiserver/test/kubectl-clients';
import { findFreePort } from '../../../tools/redis/free-port';
import { ClusterProcesses } from '../../../tools/testing/cluster-processes';
import { buildDist, ComponentProcess } from '../../../tools/testing/component-process';
import { KubectlSession } from '../../../tools/testing/kubectl-session';
import { tlsKubectlSession } from '../../../tools/testing/tls-kubectl-session';
import { createTestRedis, TestRedis } from '../../../tools/testing/test-redis';

const NS = 'autoscaling';
const example = join(__dirname, '..', '..', '..', 'examples', 'autoscaling.yaml');
const SCALE_DOWN_WINDOW_S = 10;

describe('HorizontalPodAutoscaler (real processes, real kubectl)', () => {
  const clients = installedKubectlClients();
  let redis: TestRedis;
  let cluster: ClusterProcesses;
  let proxy: ComponentProcess;
  let ksm: ComponentProcess;
  let session: KubectlSession;

  const kubectl = (...args: string[]) => session.kubectl(...args);
  const json = async (path: string) => (await (await cluster.fetch(path)).json()) as any;
  const deploymentReplicas = async (name = 'web') =>
    (await json(`/apis/apps/v1/namespaces/${NS}/deployments/${name}`)).spec?.replicas as number;
  const hpa = (name = 'web') =>
    json(`/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers/${name}`);
  const putLoad = (targets: unknown[]) =>
    fetch(`${proxy.url}/load`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ targets }),
    });
  const desiredMetric = async (): Promise<number | undefined> => {
    const body = await (await fetch(`${ksm.url}/metrics`)).text();
    const line = body
      .split('\n')
      .find((l) =>
        l.startsWith(
          `kube_horizontalpodautoscaler_status_desired_replicas{namespace="${NS}",horizontalpodautoscaler="web"}`,
        ),
      );
    return line === undefined ? undefined : Number(line.split(' ').pop());
  };
  const rescaleEvents = async () =>
    ((await json(`/api/v1/namespaces/${NS}/events`)).items as any[])
      .filter((e) => e.involvedObject?.kind === 'HorizontalPodAutoscaler' && e.reason === 'SuccessfulRescale')
      .map((e) => e.message as string);

  beforeAll(async () => {
    if (clients.length === 0) throw new Error('no kubectl on this machine');
    await buildDist();
    redis = createTestRedis('hpa');
    cluster = new ClusterProcesses(redis, { tailChars: 3_000 });
    const apiserver = await cluster.start('apiserver', 'APISERVER_PORT');
    const trafficPort = await findFreePort();
    [proxy, ksm] = await Promise.all([
      cluster.start('proxy', 'PROXY_PORT', {
        PROXY_TRAFFIC_PORT: String(trafficPort),
        PROXY_NODE_PORTS: 'false',
      }),
      cluster.start('kube-state-metrics', 'KUBE_STATE_METRICS_PORT'),
      cluster.start('scheduler', 'SCHEDULER_PORT', { LEADER_ELECT: 'false' }),
      cluster.start('controller-manager', 'CONTROLLER_MANAGER_PORT', {
        LEADER_ELECT: 'false',
        HPA_SYNC_PERIOD_SECONDS: '2',
      }),
      cluster.start('kubelet', 'KUBELET_PORT', {
        NODES: '2',
        NODE_NAME_PREFIX: 'hpa-node',
        PROFILE: 'playground',
        TIME_SCALE: '20',
        KUBELET_ADVERTISE_ADDRESS: '127.0.0.1',
      }),
    ]);
    session = await tlsKubectlSession(clients[0].path, apiserver.url);
  }, 180_000);

  afterAll(async () => {
    await putLoad([]).catch(() => undefined);
    await cluster?.stop();
    await redis?.cleanup();
    await (session as { close(): unknown } | undefined)?.close();
  }, 30_000);

  it('scales the web Deployment out under load and back in after the scale-down window, KSM following', async () => {
    const applied = await kubectl('apply', '-f', example);
    expect(applied).toContain('horizontalpodautoscaler.autoscaling/web created');
    expect(readFileSync(example, 'utf8')).toContain('averageUtilization: 50');
    await kubectl(
      'patch',
      'hpa',
      'web',
      '-n',
      NS,
      '--type=merge',
      '-p',
      JSON.stringify({
        spec: { behavior: { scaleDown: { stabilizationWindowSeconds: SCALE_DOWN_WINDOW_S } } },
      }),
    );
    // The idle pod measured: a few percent of its request, below target, so 1 replica stays.
    const idle = await cluster.waitFor(
      async () => {
        const h = await hpa();
        const current = h.status?.currentMetrics?.[0]?.resource?.current?.averageUtilization;
        return current !== undefined && h.status.currentReplicas === 1 ? h : undefined;
      },
      60_000,
      'the HPA to measure the idle pod',
    );
    expect(idle.status.currentMetrics[0].resource.current.averageUtilization).toBeLessThan(25);
    expect(idle.status.desiredReplicas).toBe(1);
    expect(idle.status.conditions.map((c: any) => [c.type, c.status, c.reason])).toEqual(
      expect.arrayContaining([
        ['AbleToScale', 'True', 'ReadyForNewScale'],
        ['ScalingActive', 'True', 'ValidMetricFound'],
      ]),
    );
    expect(await kubectl('get', 'hpa', 'web', '-n', NS, '--no-headers')).toMatch(
      /^web\s+Deployment\/web\s+cpu: \d+%\/50%\s+1\s+5\s+1\s+\S+/,
    );

    // 60 requests per second: 122m on one pod, 244% of target: out to 3 at once (default scale-up).
    expect((await putLoad([{ service: `${NS}/web`, rps: 60 }])).status).toBe(200);
    const loadStarted = Date.now();
    await cluster.waitFor(
      async () => (await deploymentReplicas()) >= 3,
      60_000,
      'the Deployment scaled out to ≥ 3',
    );
    const scaledOutMs = Date.now() - loadStarted;
    const events = await rescaleEvents();
    expect(events[0]).toMatch(
      /^New size: \d; reason: cpu resource utilization \(percentage of request\) above target$/,
    );
    const out = await hpa();
    expect(out.status.lastScaleTime).toBeDefined();
    await cluster.waitFor(
      async () => (await desiredMetric()) === (await deploymentReplicas()) || undefined,
      20_000,
      'kube_horizontalpodautoscaler_status_desired_replicas to follow the scale-out',
    );
    const peak = await deploymentReplicas();
    expect(await desiredMetric()).toBeGreaterThanOrEqual(3);
    const table = await kubectl('get', 'hpa', 'web', '-n', NS, '--no-headers');
    expect(table).toMatch(/cpu: \d+%\/50%/);
    process.stdout.write(`scaled out to ${peak} replicas ${scaledOutMs} ms after the load started\n${table}`);

    // Load off: usage falls over the 10 s metric window, then the scale-down window holds the peak.
    expect((await putLoad([])).status).toBe(200);
    const loadStopped = Date.now();
    await cluster.waitFor(async () => (await deploymentReplicas()) === 1, 90_000, 'the Deployment back to 1');
    const scaledInMs = Date.now() - loadStopped;
    process.stdout.write(`scaled back in to 1 replica ${scaledInMs} ms after the load stopped\n`);
    expect(scaledInMs).toBeGreaterThanOrEqual(SCALE_DOWN_WINDOW_S * 1000);
    expect((await rescaleEvents()).some((m) => m === 'New size: 1; reason: All metrics below target')).toBe(
      true,
    );
    await cluster.waitFor(
      async () => (await desiredMetric()) === 1,
      20_000,
      'kube_horizontalpodautoscaler_status_desired_replicas back to 1',
    );
  }, 300_000);

  it('describe hpa shows the metrics, the bounds, the conditions and the rescale events', async () => {
    const out = await kubectl('describe', 'hpa', 'web', '-n', NS);
    expect(out).toMatch(/Reference:\s+Deployment\/web/);
    expect(out).toMatch(/resource cpu on pods\s+\(as a percentage of request\):\s+\d+% \(\d+m\) \/ 50%/);
    expect(out).toMatch(/Min replicas:\s+1/);
    expect(out).toMatch(/Max replicas:\s+5/);
    expect(out).toMatch(/AbleToScale\s+True/);
    expect(out).toMatch(/ScalingActive\s+True\s+ValidMetricFound/);
    expect(out).toMatch(/SuccessfulRescale.*New size: 1; reason: All metrics below target/);
  });

  it('kubectl autoscale creates an HPA with every installed client; get hpa shows its columns', async () => {
    await kubectl('create', 'deployment', 'api', '-n', NS, '--image=orchestra/web');
    for (const client of clients) {
      const own = await tlsKubectlSession(client.path, (cluster.processes[0] as ComponentProcess).url);
      try {
        const created = await own.kubectl(
          'autoscale',
          'deployment',
          'api',
          '-n',
          NS,
          '--cpu-percent=50',
          '--min=1',
          '--max=5',
        );
        expect(created.trim()).toBe('horizontalpodautoscaler.autoscaling/api autoscaled');
        const header = (await own.kubectl('get', 'hpa', 'api', '-n', NS)).split('\n')[0];
        expect(header.split(/\s+/)).toEqual([
          'NAME',
          'REFERENCE',
          'TARGETS',
          'MINPODS',
          'MAXPODS',
          'REPLICAS',
          'AGE',
        ]);
        const stored = await hpa('api');
        expect(stored.spec).toMatchObject({
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
          minReplicas: 1,
          maxReplicas: 5,
          metrics: [
            {
              type: 'Resource',
              resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
            },
          ],
        });
        await own.kubectl('delete', 'hpa', 'api', '-n', NS);
      } catch (error) {
        throw new Error(`${client.label}: ${(error as Error).message}`);
      } finally {
        await (own as { close(): unknown }).close();
      }
    }
  }, 120_000);
});
