/**
 * `npm run bench:overload`: the max-in-flight limits under a flood. A real apiserver process
 * (from dist/, as bench:api starts it, on a private redis-server) with --inflight read-only and --mutating-inflight
 * mutating slots (Kubernetes' 400 and 200 unless set) gets three times as many concurrent
 * clients of each kind for --duration seconds (30): the readers LIST a namespace of 100 pods,
 * the writers create ConfigMaps; no client waits for Retry-After unless --honour-retry-after
 * (BENCH_HONOUR_RETRY_AFTER=true) says so, as client-go would. Printed: requests/s, how many
 * were accepted, refused with 429 (and whether each carried Retry-After), 5xx (must be 0) and
 * connection errors, the p50/p99 latency of accepted requests, and how long after the flood
 * /readyz and a list answer normally again.
 */
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../redis/free-port';
import { startRedisServer } from '../redis/redis-server';
import { TestCredentials } from '../testing/test-credentials';
import { flag, inBatches, startApp, waitForReady } from './bench-support';

const readLimit = flag('inflight', 'BENCH_INFLIGHT', 400);
const mutatingLimit = flag('mutating-inflight', 'BENCH_MUTATING_INFLIGHT', 200);
const durationSeconds = flag('duration', 'BENCH_DURATION_SECONDS', 30);
/** Clients wait Retry-After after a 429, as client-go does, instead of asking again at once. */
const honourRetryAfter =
  process.argv.includes('--honour-retry-after') || process.env.BENCH_HONOUR_RETRY_AFTER === 'true';

interface Tally {
  requests: number;
  accepted: number;
  tooMany: number;
  tooManyWithoutRetryAfter: number;
  serverErrors: number;
  otherStatus: Map<number, number>;
  connectionErrors: number;
  acceptedLatencyMs: number[];
}

const newTally = (): Tally => ({
  requests: 0,
  accepted: 0,
  tooMany: 0,
  tooManyWithoutRetryAfter: 0,
  serverErrors: 0,
  otherStatus: new Map(),
  connectionErrors: 0,
  acceptedLatencyMs: [],
});

interface Answer {
  status: number;
  retryAfter?: string;
}

async function main(): Promise<void> {
  const redisServer = await startRedisServer();
  const credentials = new TestCredentials();
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const auditDir = mkdtempSync(join(tmpdir(), 'orchestra-overload-'));
  const auditLog = join(auditDir, 'audit.log');
  const apiserver = startApp(
    'apps/apiserver/src/main.js',
    {
      REDIS_URL: redisServer.url,
      APISERVER_PORT: String(port),
      MAX_REQUESTS_INFLIGHT: String(readLimit),
      MAX_MUTATING_REQUESTS_INFLIGHT: String(mutatingLimit),
      AUDIT_LOG_PATH: auditLog,
      DISPATCHER_ENABLED: 'false',
      TOKEN_AUTH_FILE: credentials.tokenFile,
      SERVICE_ACCOUNT_KEY_FILE: credentials.serviceAccountKeyFile,
    },
    // Node flags for the apiserver process, e.g. BENCH_APISERVER_NODE_ARGS=--cpu-prof.
    (process.env.BENCH_APISERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
  );
  try {
    await waitForReady(`${url}/readyz`, apiserver, 'apiserver', 30_000);
    const base = new URL(url);
    const auth = { authorization: `Bearer ${credentials.adminToken}` };
    await seed(url, auth);

    const readers = 3 * readLimit;
    const writers = 3 * mutatingLimit;
    const agent = new Agent({ keepAlive: true, maxSockets: readers + writers });
    const call = (method: string, path: string, body?: string): Promise<Answer> =>
      new Promise((done, fail) => {
        const req = request(
          {
            agent,
            host: base.hostname,
            port: base.port,
            method,
            path,
            headers: {
              ...auth,
              ...(body
                ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
                : {}),
            },
          },
          (res) => {
            res.resume();
            res.on('end', () =>
              done({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }),
            );
            res.on('error', fail);
          },
        );
        req.on('error', fail);
        req.end(body);
      });

    process.stdout.write(
      `flooding for ${durationSeconds} s: ${readers} readers (limit ${readLimit}) and ${writers} writers (limit ${mutatingLimit}), ` +
        `${honourRetryAfter ? 'waiting Retry-After after a 429' : 'asking again at once after a 429'} ...\n`,
    );
    const reads = newTally();
    const writes = newTally();
    const started = Date.now();
    const end = started + durationSeconds * 1000;
    let created = 0;
    const client = async (tally: Tally, next: () => Promise<Answer>) => {
      while (Date.now() < end) {
        const t0 = performance.now();
        tally.requests += 1;
        try {
          const answer = await next();
          const ms = performance.now() - t0;
          if (answer.status >= 200 && answer.status < 300) {
            tally.accepted += 1;
            tally.acceptedLatencyMs.push(ms);
          } else if (answer.status === 429) {
            tally.tooMany += 1;
            if (answer.retryAfter === undefined) tally.tooManyWithoutRetryAfter += 1;
            else if (honourRetryAfter)
              await new Promise((r) => setTimeout(r, Number(answer.retryAfter) * 1000));
          } else if (answer.status >= 500) {
            tally.serverErrors += 1;
          } else {
            tally.otherStatus.set(answer.status, (tally.otherStatus.get(answer.status) ?? 0) + 1);
          }
        } catch {
          tally.connectionErrors += 1;
          await new Promise((r) => setTimeout(r, 10));
        }
      }
    };
    const flood = Promise.all([
      ...Array.from({ length: readers }, () =>
        client(reads, () => call('GET', '/api/v1/namespaces/bench/pods')),
      ),
      ...Array.from({ length: writers }, () =>
        client(writes, () =>
          call(
            'POST',
            '/api/v1/namespaces/bench-writes/configmaps',
            JSON.stringify({ metadata: { name: `cm-${++created}` }, data: { n: String(created) } }),
          ),
        ),
      ),
    ]);
    // Recovery is measured from the flood's end, while its last requests are still answered.
    await new Promise((r) => setTimeout(r, Math.max(0, end - Date.now())));
    const recovery = measureRecovery(url, auth);
    await flood;
    const { readyzMs, listMs } = await recovery;
    const elapsed = (Date.now() - started) / 1000;
    agent.destroy();

    const metrics = await (await fetch(`${url}/metrics`, { headers: auth })).text();
    const auditLines = readFileSync(auditLog, 'utf8').split('\n').filter(Boolean).length;
    print(elapsed, reads, writes, readyzMs, listMs, metrics, auditLines);
    if (reads.serverErrors + writes.serverErrors > 0) process.exitCode = 1;
  } finally {
    // Let the apiserver close its Redis connections before Redis goes away.
    const exited = new Promise((resolve) => apiserver.once('exit', resolve));
    apiserver.kill('SIGTERM');
    await exited;
    await redisServer.stop();
    rmSync(auditDir, { recursive: true, force: true });
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
  for (const name of ['bench', 'bench-writes']) await post('/api/v1/namespaces', { metadata: { name } });
  // Within the mutating limit: a smaller --mutating-inflight would refuse the seeding itself.
  await inBatches(100, Math.min(20, mutatingLimit), (i) =>
    post('/api/v1/namespaces/bench/pods', {
      metadata: { name: `pod-${i}`, labels: { app: 'bench' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    }),
  );
}

/** Milliseconds until /readyz answers 200, and until a list does, polling every 10 ms. */
async function measureRecovery(
  base: string,
  auth: Record<string, string>,
): Promise<{ readyzMs: number; listMs: number }> {
  const since = performance.now();
  const until = async (path: string) => {
    for (;;) {
      try {
        const res = await fetch(base + path, { headers: auth });
        await res.arrayBuffer();
        if (res.status === 200) return performance.now() - since;
      } catch {
        // not answering yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const [readyzMs, listMs] = await Promise.all([until('/readyz'), until('/api/v1/namespaces/bench/pods')]);
  return { readyzMs, listMs };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function print(
  elapsed: number,
  reads: Tally,
  writes: Tally,
  readyzMs: number,
  listMs: number,
  metrics: string,
  auditLines: number,
): void {
  const rows = [
    ['LIST 100 pods', reads],
    ['CREATE configmap', writes],
  ].map(([name, t]) => {
    const tally = t as Tally;
    const sorted = [...tally.acceptedLatencyMs].sort((a, b) => a - b);
    return [
      name as string,
      (tally.requests / elapsed).toFixed(0),
      String(tally.accepted),
      String(tally.tooMany),
      String(tally.tooManyWithoutRetryAfter),
      String(tally.serverErrors),
      String(tally.connectionErrors),
      [...tally.otherStatus].map(([code, n]) => `${code}×${n}`).join(' ') || '-',
      `${percentile(sorted, 50).toFixed(1)} ms`,
      `${percentile(sorted, 99).toFixed(1)} ms`,
    ];
  });
  const header = [
    'case',
    'req/s',
    'accepted',
    '429',
    '429 w/o Retry-After',
    '5xx',
    'conn err',
    'other',
    'p50 ok',
    'p99 ok',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  const dropped = [
    ...metrics.matchAll(/^apiserver_dropped_requests_total\{[^}]*request_kind="(\w+)"[^}]*\} (\d+)/gm),
  ]
    .map((m) => `${m[1]} ${m[2]}`)
    .join(', ');
  process.stdout.write(
    [
      '',
      line(header),
      widths.map((w) => '-'.repeat(w)).join('  '),
      ...rows.map(line),
      '',
      `after the flood: /readyz 200 in ${readyzMs.toFixed(0)} ms, LIST 200 in ${listMs.toFixed(0)} ms`,
      `apiserver_dropped_requests_total: ${dropped}; audit events written: ${auditLines}`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
