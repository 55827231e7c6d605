/**
 * `npm run bench:api`: the apiserver's latency and throughput on loopback, against a private
 * redis-server, with the apiserver in its own process (as it runs for real). Cases: GET one pod,
 * LIST 1,000 pods, CREATE and UPDATE, each for BENCH_DURATION_SECONDS (default 30). GET, CREATE
 * and UPDATE run at a fixed BENCH_RATE (default 500 req/s), the rate the targets are set at;
 * LIST runs flat out with BENCH_LIST_CONNECTIONS (default 4) connections. BENCH_CASES picks a
 * subset (get,list,create,update). Every request is the admin's (a bearer token the apiserver
 * authenticates and authorizes, as for a user); the audit events go to a file.
 */
import autocannon from 'autocannon';
import { findFreePort } from '../redis/free-port';
import { startRedisServer } from '../redis/redis-server';
import { TestCredentials } from '../testing/test-credentials';
import { startApp, waitForReady } from './bench-support';

const duration = Number(process.env.BENCH_DURATION_SECONDS ?? 30);
const rate = Number(process.env.BENCH_RATE ?? 500);
const listConnections = Number(process.env.BENCH_LIST_CONNECTIONS ?? 4);
/**
 * Connections for the fixed-rate cases. autocannon paces each connection on its own timer, all
 * started together, so N connections arrive as bursts of N simultaneous requests; a few
 * connections keep the arrivals spread out, as independent clients' requests are.
 */
const rateConnections = Number(process.env.BENCH_CONNECTIONS ?? 4);
/** Comma-separated subset of get,list,create,update (default: all). */
const selected = new Set(
  (process.env.BENCH_CASES ?? 'get,list,create,update').split(',').map((c) => c.trim()),
);

interface CaseResult {
  name: string;
  target: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'bench', tier: 'web' } },
  spec: {
    // What the ServiceAccount admission sets on create: the UPDATE case's PUT must carry it, as
    // Kubernetes forbids a pod update that changes the spec (a PUT without it would be a 422).
    serviceAccountName: 'default',
    containers: [
      {
        name: 'web',
        image: 'nginx:1.27',
        ports: [{ containerPort: 80 }],
        resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
      },
    ],
  },
});

async function main(): Promise<void> {
  const redis = await startRedisServer();
  const credentials = new TestCredentials();
  const auth = { authorization: `Bearer ${credentials.adminToken}` };
  const port = await findFreePort();
  const base = `http://127.0.0.1:${port}`;
  const apiserver = startApp(
    'apps/apiserver/src/main.js',
    {
      REDIS_URL: redis.url,
      APISERVER_PORT: String(port),
      TOKEN_AUTH_FILE: credentials.tokenFile,
      SERVICE_ACCOUNT_KEY_FILE: credentials.serviceAccountKeyFile,
      AUDIT_LOG_PATH: credentials.auditLogFile,
    },
    // Node flags for the apiserver process, e.g. BENCH_APISERVER_NODE_ARGS=--cpu-prof.
    (process.env.BENCH_APISERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
  );
  try {
    await waitForReady(`${base}/readyz`, apiserver, 'apiserver', 30_000);
    await seed(base, auth);
    const results: CaseResult[] = [];
    if (selected.has('get'))
      results.push(
        await runCase('GET one pod', `< 10 ms p99 at ${rate} req/s`, {
          url: `${base}/api/v1/namespaces/bench/pods/target`,
          headers: auth,
          overallRate: rate,
          connections: rateConnections,
        }),
      );
    if (selected.has('list'))
      results.push(
        await runCase('LIST 1,000 pods', 'report', {
          url: `${base}/api/v1/namespaces/bench-list/pods`,
          headers: auth,
          connections: listConnections,
        }),
      );
    let created = 0;
    if (selected.has('create'))
      results.push(
        await runCase('CREATE pod', `< 20 ms p99 at ${rate} req/s`, {
          url: `${base}/api/v1/namespaces/bench/pods`,
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          overallRate: rate,
          connections: rateConnections,
          setupClient: undefined,
          requests: [
            { setupRequest: (req) => ({ ...req, body: JSON.stringify(pod(`created-${++created}`)) }) },
          ],
        }),
      );
    let updated = 0;
    if (selected.has('update'))
      results.push(
        await runCase('UPDATE pod labels (PUT)', `report at ${rate} req/s`, {
          url: `${base}/api/v1/namespaces/bench/pods/target`,
          method: 'PUT',
          headers: { ...auth, 'content-type': 'application/json' },
          overallRate: rate,
          connections: rateConnections,
          requests: [
            {
              setupRequest: (req) => {
                const body = pod('target');
                body.metadata.labels.tier = `v${++updated}`;
                return { ...req, body: JSON.stringify(body) };
              },
            },
          ],
        }),
      );
    print(results);
  } finally {
    // Let the apiserver close its Redis connections before Redis goes away.
    const exited = new Promise((resolve) => apiserver.once('exit', resolve));
    apiserver.kill('SIGTERM');
    await exited;
    await redis.stop();
    credentials.cleanup();
  }
}

async function seed(base: string, auth: Record<string, string>): Promise<void> {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`seeding ${path} failed: ${res.status} ${await res.text()}`);
  };
  for (const name of ['bench', 'bench-list']) await post('/api/v1/namespaces', { metadata: { name } });
  await post('/api/v1/namespaces/bench/pods', pod('target'));
  const names = Array.from({ length: 1000 }, (_, i) => `pod-${String(i).padStart(4, '0')}`);
  for (let i = 0; i < names.length; i += 50) {
    await Promise.all(names.slice(i, i + 50).map((n) => post('/api/v1/namespaces/bench-list/pods', pod(n))));
  }
}

async function runCase(name: string, target: string, options: autocannon.Options): Promise<CaseResult> {
  process.stdout.write(`running ${name} for ${duration} s ...\n`);
  const result = await autocannon({ duration, ...options });
  return {
    name,
    target,
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

function print(results: CaseResult[]): void {
  const rows = results.map((r) => [
    r.name,
    r.rps.toFixed(0),
    `${r.p50} ms`,
    `${r.p99} ms`,
    String(r.requests),
    String(r.errors + r.non2xx),
    r.target,
  ]);
  const header = ['case', 'req/s', 'p50', 'p99', 'requests', 'errors', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  process.stdout.write(
    `\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
