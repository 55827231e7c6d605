/**
 * `npm run demo`: against a running playground (`npm start`, or docker compose with
 * APISERVER_URL and SERVICES_URL set), deploys a web app with a Service and steady traffic, runs
 * each chaos action in turn, waits until the cluster has healed, and prints what happened: time
 * to detect, time to recover, and how many requests failed. `--keep` leaves the namespace;
 * `--quick` makes each lasting fault short (4 s; node-down 12 s, long enough for its pods to be
 * evicted) and the pauses between steps 1 s, for a quick look and for the test.
 * It acts as the admin of the playground's kubeconfig (demo-credentials.ts), trusting its CA.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  ApiError,
  builtinResources,
  type ChaosExperiment,
  type Deployment,
  type Pod,
  type ResourceDefinition,
  type Service,
} from '@orchestra/api';
import { ApiClient } from '@orchestra/client';
import { DemoContext, demoActions } from './demo-actions';
import { DemoCredentials, demoCredentials } from './demo-credentials';
import { ServiceLoad } from './service-load';

const namespace = 'chaos-demo';
const repoRoot = resolve(__dirname, '..', '..', '..');
const def = (kind: string): ResourceDefinition => builtinResources.find((d) => d.kind === kind)!;
const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quick = process.argv.includes('--quick');
/** A lasting fault's duration under --quick: node-down must outlast the 5 s grace and 3 s tolerations. */
const quickDuration = (action: string) => (action === 'node-down' ? '12s' : '4s');
const pauseMs = quick ? 1_000 : 3_000;

interface Row {
  action: string;
  verdict: string;
  detect: string;
  recover: string;
  failed: string;
}

async function main(): Promise<void> {
  const { apiserver, services } = endpoints();
  const stateDir = resolve(repoRoot, process.env.ORCHESTRA_STATE_DIR ?? '.orchestra');
  const credentials = demoCredentials(process.env, join(stateDir, 'kubeconfig'));
  trustCa(credentials);
  const auth: Record<string, string> = credentials.token
    ? { authorization: `Bearer ${credentials.token}` }
    : {};
  const client = new ApiClient({ baseUrl: apiserver, userAgent: 'orchestra-demo', token: credentials.token });
  const offered = (
    (await (await fetch(`${apiserver}/chaos/v1`, { headers: auth })).json()) as { actions?: string[] }
  ).actions;
  if (!offered) throw new Error(`chaos is off on ${apiserver} (CHAOS_ENABLED=false)`);

  say(`deploying ${namespace}/web (3 replicas) and its Service ...`);
  await deployWebApp(client);
  const load = new ServiceLoad(`${services}/${namespace}/web/`);
  load.start();
  await sleep(pauseMs); // a few seconds of traffic before the first fault

  const rows: Row[] = [];
  for (const step of demoActions) {
    if (!offered.includes(step.action)) continue;
    say(`\n${step.action}: ${step.watch}`);
    const started = Date.now();
    const query = new URLSearchParams({ namespace, ...step.query(await demoContext(client)) });
    if (quick && query.has('duration')) query.set('duration', quickDuration(step.action));
    const res = await fetch(`${apiserver}/chaos/v1/${step.action}?${query}`, {
      method: 'POST',
      headers: auth,
    });
    if (res.status !== 201) throw new Error(`${step.action}: ${res.status} ${await res.text()}`);
    const created = (await res.json()) as ChaosExperiment;
    const done = await untilFinished(client, created.metadata.name!);
    const ended = done.status?.recoveredAt ? Date.parse(done.status.recoveredAt) : Date.now();
    const { sent, failed } = load.between(started, ended);
    const seconds = (value?: number) => (value === undefined ? '—' : `${value.toFixed(2)} s`);
    rows.push({
      action: step.action,
      verdict: done.status?.verdict ?? done.status?.phase ?? '?',
      detect: seconds(done.status?.timeToDetectSeconds),
      recover: seconds(done.status?.timeToRecoverSeconds),
      failed: `${failed} of ${sent}`,
    });
    say(`  ${done.status?.phase}: ${done.status?.message ?? ''}`);
    await sleep(pauseMs); // let the graphs show the quiet after each step
  }
  load.stop();
  printTable(rows);
  const skipped = offered.filter((a) => !demoActions.some((d) => d.action === a));
  if (skipped.length) say(`\nnot in the demo yet: ${skipped.join(', ')}`);
  if (!process.argv.includes('--keep')) {
    await client.resource(def('Namespace')).delete(namespace);
    say(`\ndeleted namespace ${namespace} (--keep leaves it)`);
  }
}

/**
 * Node's fetch trusts only the CAs it read at start (NODE_EXTRA_CA_CERTS): with a CA of the
 * playground's, the demo runs itself again with NODE_EXTRA_CA_CERTS naming a file of that CA and
 * the ones NODE_EXTRA_CA_CERTS named already, and exits as that run does.
 */
function trustCa(credentials: DemoCredentials): void {
  if (!credentials.caPem || process.env.ORCHESTRA_DEMO_CA_TRUSTED) return;
  const caFile = join(mkdtempSync(join(tmpdir(), 'orchestra-demo-')), 'ca.crt');
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  writeFileSync(
    caFile,
    (extra && existsSync(extra) ? readFileSync(extra, 'utf8') + '\n' : '') + credentials.caPem,
  );
  const again = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, ORCHESTRA_DEMO_CA_TRUSTED: '1' },
  });
  rmSync(dirname(caFile), { recursive: true, force: true });
  process.exit(again.status ?? 1);
}

/** The playground's URLs: APISERVER_URL / SERVICES_URL, else what `npm start` wrote. */
function endpoints(): { apiserver: string; services: string } {
  if (process.env.APISERVER_URL && process.env.SERVICES_URL)
    return { apiserver: process.env.APISERVER_URL, services: process.env.SERVICES_URL };
  const stateDir = resolve(repoRoot, process.env.ORCHESTRA_STATE_DIR ?? '.orchestra');
  try {
    const json = JSON.parse(readFileSync(join(stateDir, 'endpoints.json'), 'utf8')) as Record<string, string>;
    return { apiserver: json.apiserver, services: json.services };
  } catch {
    throw new Error(
      `no running playground: start one with \`npm start\` (it writes ${stateDir}/endpoints.json), ` +
        'or set APISERVER_URL and SERVICES_URL (docker compose: https://localhost:8080 and http://localhost:10090, ' +
        'with KUBECONFIG=.orchestra/compose/kubeconfig)',
    );
  }
}

async function deployWebApp(client: ApiClient): Promise<void> {
  // Left from an earlier run with --keep: use it.
  const ignoreExisting = (error: unknown) => {
    if (!(error instanceof ApiError && error.code === 409)) throw error;
  };
  await client
    .resource(def('Namespace'))
    .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } })
    .catch(ignoreExisting);
  const labels = { app: 'web' };
  await client
    .resource<Deployment>(def('Deployment'))
    .create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace },
      spec: {
        replicas: 3,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'web',
                image: 'orchestra/web',
                ports: [{ containerPort: 8080 }],
                readinessProbe: { httpGet: { path: '/readyz', port: 8080 }, periodSeconds: 1 },
              },
            ],
          },
        },
      },
    })
    .catch(ignoreExisting);
  await client
    .resource<Service>(def('Service'))
    .create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace },
      spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] },
    })
    .catch(ignoreExisting);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const web = await client.resource<Deployment>(def('Deployment')).get('web', namespace);
    if ((web?.status?.availableReplicas ?? 0) >= 3) return;
    if (Date.now() > deadline) {
      // Say what the cluster shows, so the reason is in the message.
      const pods = await client.resource<Pod>(def('Pod')).list({ namespace, labelSelector: 'app=web' });
      const states = pods.items.map(
        (p) =>
          `${p.metadata.name} on ${p.spec?.nodeName ?? '(no node)'}: ${p.status?.phase}, ` +
          `${(p.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).join(' ')}`,
      );
      throw new Error(
        `web did not get 3 available replicas within 60 s (status ${JSON.stringify(web?.status)}); pods:\n${states.join('\n')}`,
      );
    }
    await sleep(500);
  }
}

/** Where the demo's pods are now (the node actions pick one of their nodes). */
async function demoContext(client: ApiClient): Promise<DemoContext> {
  const pods = await client.resource<Pod>(def('Pod')).list({ namespace, labelSelector: 'app=web' });
  const running = pods.items.find((p) => p.status?.phase === 'Running' && p.spec?.nodeName);
  if (!running) throw new Error(`no Running pod of ${namespace}/web`);
  return { nodeOfAWebPod: running.spec!.nodeName! };
}

async function untilFinished(client: ApiClient, name: string): Promise<ChaosExperiment> {
  const experiments = client.resource<ChaosExperiment>(def('ChaosExperiment'));
  const deadline = Date.now() + 180_000;
  for (;;) {
    const current = await experiments.get(name, namespace);
    const phase = current?.status?.phase;
    if (current && (phase === 'Recovered' || phase === 'Failed')) return current;
    if (Date.now() > deadline) throw new Error(`${name} did not finish within 3 minutes (phase ${phase})`);
    await sleep(250);
  }
}

function printTable(rows: Row[]): void {
  const header: Row = {
    action: 'action',
    verdict: 'verdict',
    detect: 'time to detect',
    recover: 'time to recover',
    failed: 'requests failed',
  };
  const keys = Object.keys(header) as (keyof Row)[];
  const widths = keys.map((k) => Math.max(...[header, ...rows].map((r) => r[k].length)));
  const line = (r: Row) =>
    keys
      .map((k, i) => r[k].padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  say(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) say(line(row));
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${(error as Error).message}\n`);
  process.exit(1);
});
