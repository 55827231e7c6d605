/**
 * `npm run bench:nodes`: the control plane's cost at cluster scale. A private redis-server, the
 * apiserver, the scheduler, the controller-manager (LEADER_ELECT=false) and K kubelet processes
 * simulating N nodes run as their own processes from dist/. The bench creates M plain pods (bound
 * by the scheduler, run by the kubelets), waits for them to be Running, then churns at
 * BENCH_CHURN_RATE pods/s for BENCH_CHURN_SECONDS (each tick creates a new pod and deletes the
 * oldest one). Prints every process's RSS (VmRSS and peak VmHWM from /proc/<pid>/status), the
 * total, Redis used_memory, node heartbeat writes per second (MODIFIED Lease events seen by a
 * watch on kube-node-lease during the churn) and pod start p50/p99 during the churn (from the
 * bench's create request to the watch event with status.phase Running).
 *
 *   npm run bench:nodes -- --nodes 1000 --pods 10000 --kubelets 2
 *   (or BENCH_NODES / BENCH_PODS / BENCH_KUBELETS; BENCH_TIME_SCALE, BENCH_PROFILE)
 *
 * Each kubelet process gets a slice of the node indexes (NODE_INDEX_OFFSET), so node names and
 * podCIDRs (one /24 of 10.244.0.0/14 per node) are distinct across processes.
 * Every app gets the node flags the launcher gives it (the kubelet's --optimize-for-size);
 * BENCH_<APP>_NODE_ARGS (APISERVER, SCHEDULER, CONTROLLER_MANAGER, KUBELET) replace them, e.g.
 * with --cpu-prof. Authentication on, as for real: each component runs as its own identity (each
 * kubelet node as system:node:<name>), the bench as the admin.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { builtinResources, type Lease, type Node, type Pod, type ResourceDefinition } from '@orchestra/api';
import { ApiClient, Informer } from '@orchestra/client';
import Redis from 'ioredis';
import { findFreePort } from '../redis/free-port';
import { startRedisServer } from '../redis/redis-server';
import { components } from '../launcher/launcher-config';
import { TestCredentials } from '../testing/test-credentials';
import { nodeIdentities, readKubeletConfig } from '../../apps/kubelet/src/kubelet.config';
import { commandCalls, flag, inBatches, startApp, topCommands, waitForReady } from './bench-support';

const definition = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

const nodeCount = flag('nodes', 'BENCH_NODES', 1000);
const podCount = flag('pods', 'BENCH_PODS', 10_000);
const kubeletCount = flag('kubelets', 'BENCH_KUBELETS', 2);
const churnRate = flag('churn-rate', 'BENCH_CHURN_RATE', 20);
const churnSeconds = flag('churn-seconds', 'BENCH_CHURN_SECONDS', 30);
const concurrency = flag('concurrency', 'BENCH_CONCURRENCY', 32);
const timeScale = flag('time-scale', 'BENCH_TIME_SCALE', 1);
const profile = process.env.BENCH_PROFILE ?? 'kubernetes';
/** The launcher's node flags per app (the kubelet's --optimize-for-size), or BENCH_<APP>_NODE_ARGS. */
const nodeArgs = (app: string) => {
  const given = process.env[`BENCH_${app}_NODE_ARGS`];
  if (given !== undefined) return given.split(' ').filter(Boolean);
  const name = app.toLowerCase().replace(/_/g, '-');
  return [...(components.find((c) => c.name === name)?.nodeArgs ?? [])];
};

const pod = (name: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'bench', labels: { app: 'bench' } },
  spec: {
    terminationGracePeriodSeconds: 5,
    containers: [
      {
        name: 'pause',
        image: 'registry.k8s.io/pause:3.9',
        resources: { requests: { cpu: '10m', memory: '16Mi' } },
      },
    ],
  },
});

interface App {
  name: string;
  child: ChildProcess;
}

function startNamedApp(name: string, script: string, env: Record<string, string>, args: string[]): App {
  return { name, child: startApp(script, env, args) };
}

const waitForApp = (url: string, app: App) => waitForReady(url, app.child, app.name, 120_000);

async function main(): Promise<void> {
  if (nodeCount > 1023) throw new Error('at most 1,023 nodes (one /24 of 10.244.0.0/14 each)');
  const redisServer = await startRedisServer();
  const redis = new Redis(redisServer.url);
  const credentials = new TestCredentials();
  const apiPort = await findFreePort();
  const base = `http://127.0.0.1:${apiPort}`;
  const common = { REDIS_URL: redisServer.url, APISERVER_URL: base };
  const apps: App[] = [];
  const informers: Informer<Pod | Lease>[] = [];
  const stop = ({ child }: App) =>
    child.exitCode === null && child.signalCode === null
      ? new Promise<void>((done) => {
          child.once('exit', () => done());
          child.kill('SIGTERM');
        })
      : Promise.resolve();
  try {
    const apiserver = startNamedApp(
      'apiserver',
      'apps/apiserver/src/main.js',
      {
        REDIS_URL: redisServer.url,
        APISERVER_PORT: String(apiPort),
        TOKEN_AUTH_FILE: credentials.tokenFile,
        SERVICE_ACCOUNT_KEY_FILE: credentials.serviceAccountKeyFile,
        AUDIT_LOG_PATH: credentials.auditLogFile,
      },
      nodeArgs('APISERVER'),
    );
    apps.push(apiserver);
    await waitForApp(`${base}/readyz`, apiserver);
    const client = new ApiClient({
      baseUrl: base,
      userAgent: 'nodes-bench',
      timeoutMs: 120_000,
      token: credentials.adminToken,
    });
    await client.resource(definition('Namespace')).create({ metadata: { name: 'bench' } } as never);

    const ports = new Map<App, number>();
    const schedulerPort = await findFreePort();
    const scheduler = startNamedApp(
      'scheduler',
      'apps/scheduler/src/main.js',
      {
        ...common,
        ...credentials.componentEnv('scheduler'),
        SCHEDULER_PORT: String(schedulerPort),
        LEADER_ELECT: 'false',
      },
      nodeArgs('SCHEDULER'),
    );
    ports.set(scheduler, schedulerPort);
    const cmPort = await findFreePort();
    const controllerManager = startNamedApp(
      'controller-manager',
      'apps/controller-manager/src/main.js',
      {
        ...common,
        ...credentials.componentEnv('controller-manager'),
        CONTROLLER_MANAGER_PORT: String(cmPort),
        LEADER_ELECT: 'false',
      },
      nodeArgs('CONTROLLER_MANAGER'),
    );
    ports.set(controllerManager, cmPort);
    apps.push(scheduler, controllerManager);
    const perKubelet = Math.ceil(nodeCount / kubeletCount);
    for (let k = 0, left = nodeCount; k < kubeletCount && left > 0; k++, left -= perKubelet) {
      const port = await findFreePort();
      const kubeletEnv = {
        NODES: String(Math.min(perKubelet, left)),
        NODE_NAME_PREFIX: 'node',
        NODE_INDEX_OFFSET: String(k * perKubelet),
        NODE_PODS: '110',
        PROFILE: profile,
        TIME_SCALE: String(timeScale),
      };
      // Each of its nodes as system:node:<name>.
      const nodeNames = nodeIdentities(readKubeletConfig(kubeletEnv)).map((n) => n.name);
      const kubelet = startNamedApp(
        `kubelet-${k} (${Math.min(perKubelet, left)} nodes)`,
        'apps/kubelet/src/main.js',
        {
          ...common,
          ...kubeletEnv,
          ...credentials.componentEnv('kubelet', nodeNames),
          KUBELET_PORT: String(port),
        },
        nodeArgs('KUBELET'),
      );
      ports.set(kubelet, port);
      apps.push(kubelet);
    }
    await Promise.all([...ports].map(([app, port]) => waitForApp(`http://127.0.0.1:${port}/readyz`, app)));
    const tNodes = performance.now();
    const nodes = client.resource<Node>(definition('Node'));
    for (;;) {
      const { items } = await nodes.list();
      const ready = items.filter((n) =>
        n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
      ).length;
      if (ready >= nodeCount) break;
      if (performance.now() - tNodes > 180_000) throw new Error(`only ${ready}/${nodeCount} nodes Ready`);
      await sleep(1000);
    }
    process.stdout.write(
      `${nodeCount} nodes Ready in ${s(performance.now() - tNodes)}; creating ${podCount} pods ...\n`,
    );

    const pods = client.resource<Pod>(definition('Pod'));
    const sentAt = new Map<string, number>();
    const runningAt = new Map<string, number>();
    const waiters = new Map<number, () => void>();
    const podInformer = new Informer<Pod>(pods, { namespace: 'bench' });
    const seen = (p: Pod) => {
      const name = p.metadata.name!;
      if (p.status?.phase !== 'Running' || runningAt.has(name)) return;
      runningAt.set(name, performance.now());
      waiters.get(runningAt.size)?.();
    };
    podInformer.addEventHandler({ onAdd: seen, onUpdate: (_o, p) => seen(p) });
    podInformer.start();
    informers.push(podInformer as Informer<Pod | Lease>);
    await podInformer.waitForSync(30_000);
    const allRunning = (n: number, timeoutMs: number) =>
      runningAt.size >= n
        ? Promise.resolve(true)
        : new Promise<boolean>((done) => {
            const timer = setTimeout(() => done(false), timeoutMs);
            waiters.set(n, () => (clearTimeout(timer), done(true)));
          });

    const name = (i: number) => `pod-${String(i).padStart(5, '0')}`;
    const t0 = performance.now();
    await inBatches(podCount, concurrency, async (i) => {
      sentAt.set(name(i), performance.now());
      await pods.create(pod(name(i)));
    });
    const created = performance.now();
    const fillOk = await allRunning(podCount, Math.max(300_000, podCount * 60));
    const filled = performance.now();
    process.stdout.write(
      `${podCount} pods created in ${s(created - t0)}, ${runningAt.size} Running after ${s(filled - t0)}; ` +
        `churning ${churnRate} pods/s for ${churnSeconds} s ...\n`,
    );
    if (!fillOk) process.exitCode = 1;

    let leaseWrites = 0;
    const leaseInformer = new Informer<Lease>(client.resource<Lease>(definition('Lease')), {
      namespace: 'kube-node-lease',
    });
    leaseInformer.addEventHandler({ onUpdate: () => leaseWrites++ });
    leaseInformer.start();
    informers.push(leaseInformer as Informer<Pod | Lease>);
    await leaseInformer.waitForSync(30_000);

    leaseWrites = 0;
    const before = await commandCalls(redis);
    const tChurn = performance.now();
    const churnNames: string[] = [];
    let errors = 0;
    let next = podCount;
    let oldest = 0;
    const inflight = new Set<Promise<unknown>>();
    const track = (p: Promise<unknown>) => {
      const q = p.catch(() => errors++).finally(() => inflight.delete(q));
      inflight.add(q);
    };
    const total = churnRate * churnSeconds;
    await new Promise<void>((done) => {
      const tick = setInterval(() => {
        const n = name(next++);
        churnNames.push(n);
        sentAt.set(n, performance.now());
        track(pods.create(pod(n)));
        track(pods.delete(name(oldest++), 'bench'));
        if (churnNames.length >= total) {
          clearInterval(tick);
          done();
        }
      }, 1000 / churnRate);
    });
    const churnEnd = performance.now();
    const leaseRate = leaseWrites / ((churnEnd - tChurn) / 1000);
    const after = await commandCalls(redis);
    await Promise.all(inflight);
    const deadline = performance.now() + 15_000;
    while (churnNames.some((n) => !runningAt.has(n)) && performance.now() < deadline) await sleep(200);

    const rss = apps.map((app) => [app.name, memory(app.child.pid!)] as const);
    rss.push(['redis-server', memory(redisServer.process.pid!)]);
    const usedMemory = /used_memory:(\d+)/.exec(await redis.info('memory'))![1];

    const latencies = churnNames
      .filter((n) => runningAt.has(n))
      .map((n) => runningAt.get(n)! - sentAt.get(n)!)
      .sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies.length
        ? `${latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(0)} ms`
        : '-';
    const sum = (f: (m: { rss: number; hwm: number }) => number) => rss.reduce((t, [, m]) => t + f(m), 0);
    const kubelets = (f: (m: { rss: number; hwm: number }) => number) =>
      rss.filter(([n]) => n.startsWith('kubelet')).reduce((t, [, m]) => t + f(m), 0);
    const rows: [string, string][] = [
      [
        'nodes / pods / kubelet processes',
        `${nodeCount} / ${podCount} / ${kubeletCount} (profile ${profile}, TIME_SCALE ${timeScale})`,
      ],
      ['fill: pods created per second', (podCount / ((created - t0) / 1000)).toFixed(0)],
      ['fill: all Running after', fillOk ? s(filled - t0) : `timed out (${runningAt.size} Running)`],
      ...rss.map(([n, m]) => [`RSS ${n}`, `${mib(m.rss)} (peak ${mib(m.hwm)})`] as [string, string]),
      [
        'RSS kubelet processes (target ≤ 1024 MiB)',
        `${mib(kubelets((m) => m.rss))} (sum of peaks ${mib(kubelets((m) => m.hwm))})`,
      ],
      ['RSS all processes', `${mib(sum((m) => m.rss))} (sum of peaks ${mib(sum((m) => m.hwm))})`],
      ['Redis used_memory', mib(Number(usedMemory))],
      ['Lease writes/s (MODIFIED watch events)', `${leaseRate.toFixed(1)} (${nodeCount} nodes)`],
      ['churn: pods started / errors', `${latencies.length} of ${churnNames.length} / ${errors}`],
      ['churn: pod start p50 (create → Running)', pct(50)],
      ['churn: pod start p99 (target ≤ 1000 ms)', pct(99)],
      ['churn: Redis commands/s', ((after.total - before.total) / ((churnEnd - tChurn) / 1000)).toFixed(0)],
      [
        'churn: top Redis commands/s',
        topCommands(before.byCommand, after.byCommand, (churnEnd - tChurn) / 1000, 0),
      ],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    process.stdout.write(`\n${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
  } finally {
    for (const informer of informers) await informer.stop();
    for (const app of apps.reverse()) await stop(app);
    redis.disconnect();
    await redisServer.stop();
    credentials.cleanup();
  }
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
