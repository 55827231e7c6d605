/**
 * `npm run bench:ksm`: what a scrape of kube-state-metrics costs at cluster scale. A private
 * redis-server and the apiserver (dispatcher off: no controller, scheduler or kubelet runs, so the
 * state stays as written) run from dist/; the bench writes N nodes (with conditions, capacity and
 * allocatable), D Deployments with a ReplicaSet, a Service and Endpoints each, and M pods spread
 * over them, bound to the nodes and Running (status through the status subresource, as the kubelet
 * writes it). Then kube-state-metrics starts from dist/, lists and watches it all, and is scraped
 * K times in a row while idle and K times while pod statuses change at BENCH_CHURN_RATE per
 * second. Prints the scrape time (GET to last byte: p50, max), the body size and series count,
 * how long /healthz took at worst during the scrapes (the event loop's stall), the time to first
 * full scrape, and kube-state-metrics' RSS.
 *
 *   npm run bench:ksm -- --nodes 1000 --pods 10000 --scrapes 10
 *   (or BENCH_NODES / BENCH_PODS / BENCH_DEPLOYMENTS / BENCH_SCRAPES / BENCH_CHURN_RATE;
 *    BENCH_KSM_NODE_ARGS passes node flags to kube-state-metrics, e.g. --cpu-prof)
 *
 * Authentication on, as for real: kube-state-metrics is system:kube-state-metrics, the bench the admin.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  builtinResources,
  type Deployment,
  type Endpoints,
  type Node,
  type Pod,
  type ReplicaSet,
  type ResourceDefinition,
  type Service,
} from '@orchestra/api';
import { ApiClient, type ApiObject } from '@orchestra/client';
import type { ChildProcess } from 'node:child_process';
import { findFreePort } from '../redis/free-port';
import { startRedisServer } from '../redis/redis-server';
import { TestCredentials } from '../testing/test-credentials';
import { flag, inBatches, startApp, waitForReady } from './bench-support';

const definition = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

const nodeCount = flag('nodes', 'BENCH_NODES', 1000);
const podCount = flag('pods', 'BENCH_PODS', 10_000);
const deploymentCount = flag('deployments', 'BENCH_DEPLOYMENTS', 100);
const scrapes = flag('scrapes', 'BENCH_SCRAPES', 10);
const churnRate = flag('churn-rate', 'BENCH_CHURN_RATE', 100);
const concurrency = flag('concurrency', 'BENCH_CONCURRENCY', 32);
const ksmNodeArgs = (process.env.BENCH_KSM_NODE_ARGS ?? '').split(' ').filter(Boolean);

const deploymentName = (d: number) => `web-${String(d).padStart(3, '0')}`;
const podName = (i: number) => `${deploymentName(i % deploymentCount)}-5d8f-${String(i).padStart(5, '0')}`;
const podIP = (i: number) => `10.${64 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
const nodeName = (n: number) => `node-${String(n).padStart(4, '0')}`;

function node(n: number): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: nodeName(n), labels: { 'topology.kubernetes.io/zone': `zone-${'abc'[n % 3]}` } },
    spec: { podCIDR: `10.244.${n & 255}.0/24` },
  };
}

const nodeStatus = (n: number): Node['status'] => ({
  capacity: { cpu: '8', memory: '32Gi', pods: '110', 'ephemeral-storage': '100Gi' },
  allocatable: { cpu: '7800m', memory: '31Gi', pods: '110', 'ephemeral-storage': '95Gi' },
  conditions: [
    { type: 'MemoryPressure', status: 'False' },
    { type: 'DiskPressure', status: 'False' },
    { type: 'PIDPressure', status: 'False' },
    { type: 'Ready', status: 'True' },
  ],
  addresses: [
    { type: 'InternalIP', address: `10.0.${n >> 8}.${n & 255}` },
    { type: 'Hostname', address: nodeName(n) },
  ],
  nodeInfo: {
    machineID: `m-${n}`,
    systemUUID: `uuid-${n}`,
    bootID: `boot-${n}`,
    kernelVersion: '6.1.0',
    osImage: 'Orchestra simulated node',
    containerRuntimeVersion: 'orchestra://0.1.0',
    kubeletVersion: 'v1.32.0',
    kubeProxyVersion: 'v1.32.0',
    operatingSystem: 'linux',
    architecture: 'amd64',
  },
});

function pod(i: number, replicaSet: ReplicaSet): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName(i),
      namespace: 'bench',
      labels: { app: deploymentName(i % deploymentCount) },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: replicaSet.metadata.name!,
          uid: replicaSet.metadata.uid!,
          controller: true,
        },
      ],
    },
    spec: {
      nodeName: nodeName(i % nodeCount),
      containers: [
        {
          name: 'app',
          image: 'registry.k8s.io/pause:3.9',
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
        },
      ],
    },
  };
}

const podStatus = (i: number, restarts: number): Pod['status'] => ({
  phase: 'Running',
  hostIP: `10.0.${(i % nodeCount) >> 8}.${(i % nodeCount) & 255}`,
  podIP: podIP(i),
  startTime: new Date().toISOString(),
  qosClass: 'Burstable',
  conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map((type) => ({
    type,
    status: 'True' as const,
  })),
  containerStatuses: [
    {
      name: 'app',
      image: 'registry.k8s.io/pause:3.9',
      imageID: 'orchestra://registry.k8s.io/pause@sha256:0',
      containerID: `orchestra://${i}`,
      ready: true,
      started: true,
      restartCount: restarts,
      state: { running: { startedAt: new Date().toISOString() } },
    },
  ],
});

interface Scrape {
  ms: number;
  bytes: number;
  series: number;
  clusterSeries: number;
  podInfo: number;
  healthzWorstMs: number;
}

/** One GET /metrics read to its last byte, with /healthz polled meanwhile to see the event loop stall. */
async function scrape(url: string): Promise<Scrape> {
  let scraping = true;
  let healthzWorstMs = 0;
  const poll = (async () => {
    while (scraping) {
      const t = performance.now();
      await fetch(`${url}/healthz`).then((r) => r.text());
      healthzWorstMs = Math.max(healthzWorstMs, performance.now() - t);
      await sleep(10);
    }
  })();
  const t0 = performance.now();
  const body = await (await fetch(`${url}/metrics`)).text();
  const ms = performance.now() - t0;
  scraping = false;
  await poll;
  let series = 0;
  let clusterSeries = 0;
  let podInfo = 0;
  for (const line of body.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    series++;
    if (line.startsWith('kube_')) clusterSeries++;
    if (line.startsWith('kube_pod_info{')) podInfo++;
  }
  return { ms, bytes: Buffer.byteLength(body), series, clusterSeries, podInfo, healthzWorstMs };
}

async function main(): Promise<void> {
  const redisServer = await startRedisServer();
  const credentials = new TestCredentials();
  const apiPort = await findFreePort();
  const base = `http://127.0.0.1:${apiPort}`;
  const children: ChildProcess[] = [];
  try {
    const apiserver = startApp('apps/apiserver/src/main.js', {
      REDIS_URL: redisServer.url,
      APISERVER_PORT: String(apiPort),
      DISPATCHER_ENABLED: 'false',
      TOKEN_AUTH_FILE: credentials.tokenFile,
      SERVICE_ACCOUNT_KEY_FILE: credentials.serviceAccountKeyFile,
      AUDIT_LOG_PATH: credentials.auditLogFile,
    });
    children.push(apiserver);
    await waitForReady(`${base}/readyz`, apiserver, 'apiserver', 120_000);
    const client = new ApiClient({
      baseUrl: base,
      userAgent: 'ksm-bench',
      timeoutMs: 120_000,
      token: credentials.adminToken,
    });
    const resource = <T extends ApiObject>(kind: string) => client.resource<T>(definition(kind));
    const withStatus = async <T extends ApiObject>(kind: string, object: T, status: unknown) => {
      const created = await resource<T>(kind).create(object);
      return resource<T>(kind).updateStatus({ ...created, status } as T);
    };
    await resource('Namespace').create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });

    const tFill = performance.now();
    await inBatches(nodeCount, concurrency, (n) => withStatus('Node', node(n), nodeStatus(n)));
    const replicaSets: ReplicaSet[] = [];
    await inBatches(deploymentCount, concurrency, async (d) => {
      const name = deploymentName(d);
      const replicas = Math.ceil((podCount - d) / deploymentCount);
      const template = {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.9' }] },
      };
      const deployment = await withStatus<Deployment>(
        'Deployment',
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name, namespace: 'bench' },
          spec: { replicas, selector: { matchLabels: { app: name } }, template },
        },
        {
          observedGeneration: 1,
          replicas,
          updatedReplicas: replicas,
          readyReplicas: replicas,
          availableReplicas: replicas,
          conditions: [
            { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
            { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
          ],
        },
      );
      replicaSets[d] = await withStatus<ReplicaSet>(
        'ReplicaSet',
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name: `${name}-5d8f`,
            namespace: 'bench',
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                name,
                uid: deployment.metadata.uid!,
                controller: true,
              },
            ],
          },
          spec: { replicas, selector: { matchLabels: { app: name } }, template },
        },
        { replicas, fullyLabeledReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas },
      );
      await resource<Service>('Service').create({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace: 'bench' },
        spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
      });
      const addresses = [];
      for (let i = d; i < podCount; i += deploymentCount)
        addresses.push({ ip: podIP(i), nodeName: nodeName(i % nodeCount) });
      await resource<Endpoints>('Endpoints').create({
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name, namespace: 'bench' },
        subsets: [{ addresses, ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }],
      });
    });
    await inBatches(podCount, concurrency, (i) =>
      withStatus('Pod', pod(i, replicaSets[i % deploymentCount]), podStatus(i, i % 4)),
    );
    const filled = performance.now();
    process.stdout.write(
      `${nodeCount} nodes, ${deploymentCount} deployments, ${podCount} pods written in ${s(filled - tFill)}; ` +
        'starting kube-state-metrics ...\n',
    );

    const ksmPort = await findFreePort();
    const ksmUrl = `http://127.0.0.1:${ksmPort}`;
    const tStart = performance.now();
    const ksm = startApp(
      'apps/kube-state-metrics/src/main.js',
      {
        APISERVER_URL: base,
        KUBE_STATE_METRICS_PORT: String(ksmPort),
        ...credentials.componentEnv('kube-state-metrics'),
      },
      ksmNodeArgs,
    );
    children.push(ksm);
    await waitForReady(`${ksmUrl}/readyz`, ksm, 'kube-state-metrics', 120_000);
    let first = await scrape(ksmUrl);
    while (first.podInfo < podCount) first = await scrape(ksmUrl);
    const ready = performance.now();

    const idle: Scrape[] = [];
    for (let k = 0; k < scrapes; k++) idle.push(await scrape(ksmUrl));

    // Pod statuses change meanwhile (restart counts), as the kubelets' status updates would.
    let churning = true;
    let updates = 0;
    const churn = (async () => {
      const pods = resource<Pod>('Pod');
      for (let i = 0; churning; i++) {
        const t = performance.now();
        const current = await pods.get(podName(i % podCount), 'bench');
        await pods.updateStatus({ ...current, status: podStatus(i % podCount, 100 + i) });
        updates++;
        await sleep(Math.max(0, 1000 / churnRate - (performance.now() - t)));
      }
    })();
    const tChurn = performance.now();
    const busy: Scrape[] = [];
    for (let k = 0; k < scrapes; k++) busy.push(await scrape(ksmUrl));
    churning = false;
    await churn;
    const churnSeconds = (performance.now() - tChurn) / 1000;

    const ms = (list: Scrape[], pick: (x: Scrape) => number) => {
      const sorted = list.map(pick).sort((a, b) => a - b);
      return `p50 ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms`;
    };
    const last = idle[idle.length - 1];
    const m = memory(ksm.pid!);
    const rows: [string, string][] = [
      ['nodes / deployments / pods', `${nodeCount} / ${deploymentCount} / ${podCount}`],
      ['start → first full scrape (list + watch + scrape)', s(ready - tStart)],
      ['body size', `${(last.bytes / 2 ** 20).toFixed(1)} MiB`],
      ['series (cluster state / all)', `${last.clusterSeries} / ${last.series}`],
      [`scrape, idle (${scrapes})`, ms(idle, (x) => x.ms)],
      [
        `scrape, ${(updates / churnSeconds).toFixed(0)} pod status updates/s (${scrapes})`,
        ms(busy, (x) => x.ms),
      ],
      ['/healthz during scrapes (event loop stall)', ms([...idle, ...busy], (x) => x.healthzWorstMs)],
      ['RSS kube-state-metrics', `${mib(m.rss)} (peak ${mib(m.hwm)})`],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    process.stdout.write(`\n${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
  } finally {
    for (const child of children.reverse()) await stop(child);
    await redisServer.stop();
    credentials.cleanup();
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
