/**
 * `npm run bench:scheduler`: scheduling throughput end to end. A private redis-server, the
 * apiserver and the scheduler run as their own processes from dist/ (as they run for real);
 * the bench registers N nodes, then creates M pods as fast as the apiserver takes them and
 * watches them get bound. Prints pods bound per second, create-to-bound latency (from the bench's
 * own send time to the watch event carrying spec.nodeName) and Redis commands per scheduled pod
 * (INFO commandstats deltas over the pod phase: the apiserver's writes, watches, the dispatcher
 * and the queues, all of it).
 *
 *   npm run bench:scheduler -- --nodes 500 --pods 5000     (or BENCH_NODES / BENCH_PODS)
 *   --precreate: create the pods first, then start the scheduler (pure scheduling throughput)
 *   --concurrency 64: pod creates in flight
 *
 * Authentication on, as for real: the scheduler is system:kube-scheduler, the bench the admin.
 */
import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { builtinResources, type Pod, type ResourceDefinition } from '@orchestra/api';
import { ApiClient, Informer } from '@orchestra/client';
import Redis from 'ioredis';
import { findFreePort } from '../redis/free-port';
import { startRedisServer } from '../redis/redis-server';
import { TestCredentials } from '../testing/test-credentials';
import { commandCalls, flag, inBatches, startApp, topCommands, waitForReady } from './bench-support';

const podsDef = builtinResources.find((d) => d.kind === 'Pod') as ResourceDefinition;

const nodeCount = flag('nodes', 'BENCH_NODES', 500);
const podCount = flag('pods', 'BENCH_PODS', 5000);
const concurrency = flag('concurrency', 'BENCH_CONCURRENCY', 64);
const precreate = process.argv.includes('--precreate');
/** Extra CLI args for the scheduler's node process, e.g. BENCH_SCHEDULER_NODE_ARGS=--cpu-prof. */
const schedulerNodeArgs = (process.env.BENCH_SCHEDULER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const apiserverNodeArgs = (process.env.BENCH_APISERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);

const node = (i: number) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name: `node-${String(i).padStart(4, '0')}`,
    labels: {
      'kubernetes.io/hostname': `node-${i}`,
      'kubernetes.io/os': 'linux',
      'topology.kubernetes.io/zone': `zone-${i % 3}`,
    },
  },
  spec: {},
  status: {
    capacity: { cpu: '32', memory: '128Gi', pods: '110' },
    allocatable: { cpu: '32', memory: '128Gi', pods: '110' },
    conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
  },
});

const pod = (name: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'bench', labels: { app: 'bench' } },
  spec: {
    containers: [
      {
        name: 'web',
        image: 'nginx:1.27',
        resources: { requests: { cpu: '100m', memory: '128Mi' } },
      },
    ],
  },
});

async function main(): Promise<void> {
  const redisServer = await startRedisServer();
  const redis = new Redis(redisServer.url);
  const credentials = new TestCredentials();
  const auth = { authorization: `Bearer ${credentials.adminToken}` };
  const [apiPort, schedulerPort] = [await findFreePort(), await findFreePort()];
  const base = `http://127.0.0.1:${apiPort}`;
  const children: ChildProcess[] = [];
  const stop = (child: ChildProcess) =>
    child.exitCode === null && child.signalCode === null
      ? new Promise<void>((done) => {
          child.once('exit', () => done());
          child.kill('SIGTERM');
        })
      : Promise.resolve();
  let informer: Informer<Pod> | undefined;
  try {
    const apiserver = startApp(
      'apps/apiserver/src/main.js',
      {
        REDIS_URL: redisServer.url,
        APISERVER_PORT: String(apiPort),
        TOKEN_AUTH_FILE: credentials.tokenFile,
        SERVICE_ACCOUNT_KEY_FILE: credentials.serviceAccountKeyFile,
        AUDIT_LOG_PATH: credentials.auditLogFile,
      },
      apiserverNodeArgs,
    );
    children.push(apiserver);
    await waitForReady(`${base}/readyz`, apiserver, 'apiserver');
    const startScheduler = async () => {
      const scheduler = startApp(
        'apps/scheduler/src/main.js',
        {
          REDIS_URL: redisServer.url,
          APISERVER_URL: base,
          SCHEDULER_PORT: String(schedulerPort),
          LEADER_ELECT: 'false',
          ...credentials.componentEnv('scheduler'),
        },
        schedulerNodeArgs,
      );
      children.push(scheduler);
      await waitForReady(`http://127.0.0.1:${schedulerPort}/readyz`, scheduler, 'scheduler');
    };
    if (!precreate) await startScheduler();

    const client = new ApiClient({
      baseUrl: base,
      userAgent: 'scheduler-bench',
      timeoutMs: 120_000,
      token: credentials.adminToken,
    });
    await post(base, auth, '/api/v1/namespaces', { metadata: { name: 'bench' } });
    await inBatches(nodeCount, concurrency, (i) => post(base, auth, '/api/v1/nodes', node(i)));
    process.stdout.write(`registered ${nodeCount} nodes; creating ${podCount} pods ...\n`);

    const sentAt = new Map<string, number>();
    const boundAt = new Map<string, number>();
    let allBound!: () => void;
    const done = new Promise<void>((r) => (allBound = r));
    informer = new Informer<Pod>(client.resource<Pod>(podsDef), { namespace: 'bench' });
    const seen = (p: Pod) => {
      const name = p.metadata.name!;
      if (!p.spec.nodeName || boundAt.has(name)) return;
      boundAt.set(name, performance.now());
      if (boundAt.size === podCount) allBound();
    };
    informer.addEventHandler({ onAdd: seen, onUpdate: (_o, p) => seen(p) });
    informer.start();
    await informer.waitForSync(30_000);

    const before = await commandCalls(redis);
    const t0 = performance.now();
    await inBatches(podCount, concurrency, async (i) => {
      const name = `pod-${String(i).padStart(5, '0')}`;
      sentAt.set(name, performance.now());
      await client.resource<Pod>(podsDef).create(pod(name));
    });
    const created = performance.now();
    const t1 = precreate ? performance.now() : t0;
    if (precreate) {
      process.stdout.write('pods created; starting the scheduler ...\n');
      await startScheduler();
    }
    const timeout = setTimeout(allBound, Math.max(120_000, podCount * 20));
    await done;
    clearTimeout(timeout);
    const finished = Math.max(...boundAt.values());
    const after = await commandCalls(redis);

    const bound = boundAt.size;
    const latencies = [...boundAt].map(([name, at]) => at - (precreate ? t1 : sentAt.get(name)!));
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
    const commands = after.total - before.total - 1; // not the second INFO call itself
    const rows: [string, string][] = [
      ['nodes / pods', `${nodeCount} / ${podCount} (${bound} bound)`],
      [
        'mode',
        precreate ? 'pods created first, then the scheduler started' : 'pods created while scheduling',
      ],
      ['pods created per second', (podCount / ((created - t0) / 1000)).toFixed(0)],
      ['pods bound per second', (bound / ((finished - t1) / 1000)).toFixed(0)],
      [`create-to-bound p50`, `${pct(50).toFixed(0)} ms`],
      [`create-to-bound p99`, `${pct(99).toFixed(0)} ms`],
      ['Redis commands per scheduled pod', bound ? (commands / bound).toFixed(1) : '-'],
      ['top Redis commands per pod', topCommands(before.byCommand, after.byCommand, bound, 1)],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    process.stdout.write(`\n${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
    if (bound < podCount) process.exitCode = 1;
  } finally {
    await informer?.stop();
    for (const child of children.reverse()) await stop(child);
    redis.disconnect();
    await redisServer.stop();
    credentials.cleanup();
  }
}

async function post(base: string, auth: Record<string, string>, path: string, body: unknown): Promise<void> {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST ${path} failed: ${res.status} ${await res.text()}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
