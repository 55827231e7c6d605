/**
 * `npm start`: the local playground without Docker. Starts Redis (the one at REDIS_URL, or the
 * machine's redis-server with its data under .orchestra/), then every component as its own
 * process, writes .orchestra/kubeconfig and .orchestra/endpoints.json, and stops it all on
 * Ctrl-C, SIGTERM or SIGHUP. State survives a restart; `npm run reset` wipes it.
 * The apiserver serves HTTPS with a CA, certificate, keys and tokens generated into
 * .orchestra/pki and .orchestra/tokens (kept across restarts); every component authenticates
 * as itself, and the kubeconfig is the admin's.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { redisServerAvailable, RunningRedisServer, startRedisServer } from '../redis/redis-server';
import { Credentials, ensureCredentials } from '../credentials/ensure-credentials';
import { apiserverGet } from './apiserver-request';
import {
  componentCredentialsEnv,
  LOCAL_KUBELET,
  localNodeNames,
  localPoolNodeNames,
} from './component-credentials';
import { components, LauncherConfig, readLauncherConfig } from './launcher-config';
import {
  localAddresses,
  localPrometheusConfig,
  prometheusArgs,
  prometheusAvailable,
} from './local-prometheus';
import { SupervisedProcess } from './supervised-process';
import { portsInUse } from './ports-in-use';
import { bannerLines } from './banner';
import { LauncherFlagError, LauncherFlags, launcherUsage, parseLauncherFlags } from './launcher-flags';

const repoRoot = resolve(__dirname, '..', '..', '..');
const colors = [36, 35, 33, 32, 34, 31];
const say = (line: string) => process.stdout.write(`\x1b[1m[orchestra]\x1b[0m ${line}\n`);

async function main(): Promise<void> {
  const flags = readFlags();
  const config = readLauncherConfig();
  const nodes = flags.nodes ?? config.ORCHESTRA_NODES;
  // The pool's nodes run in the local kubelet process: none without one.
  const poolSize = nodes > 0 ? config.ORCHESTRA_NODE_POOL_SIZE : 0;
  const profile = flags.profile ?? config.PROFILE;
  const stateDir = resolve(repoRoot, config.ORCHESTRA_STATE_DIR);
  mkdirSync(stateDir, { recursive: true });
  await ensurePortsFree(config);

  let redis: RunningRedisServer | undefined;
  let redisUrl = config.REDIS_URL;
  if (!redisUrl) {
    if (!redisServerAvailable()) {
      say('no Redis: REDIS_URL is not set and there is no `redis-server` on this machine.');
      say('Install it (Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`),');
      say('or point REDIS_URL at a Redis you run, or use `docker compose up` instead.');
      process.exit(1);
    }
    redis = await startRedisServer({
      port: config.ORCHESTRA_REDIS_PORT || undefined,
      dataDir: join(stateDir, 'redis'),
      logFile: join(stateDir, 'redis.log'),
      ownProcessGroup: true,
    });
    redisUrl = redis.url;
    say(`redis-server started at ${redisUrl} (data in ${join(config.ORCHESTRA_STATE_DIR, 'redis')})`);
  } else {
    say(`using Redis at ${redisUrl}`);
  }

  const host = '127.0.0.1';
  const apiserverUrl = `https://${host}:${config.APISERVER_PORT}`;
  const kubeconfigPath = join(stateDir, 'kubeconfig');
  const credentials = await ensureCredentials({
    dir: stateDir,
    // The cloud's pool nodes get their tokens up front: the kubelet boots them as instances launch.
    kubelets:
      nodes > 0 ? { [LOCAL_KUBELET]: [...localNodeNames(nodes), ...localPoolNodeNames(poolSize)] } : {},
    kubeconfigs: [{ path: kubeconfigPath, serverUrl: apiserverUrl }],
  });
  for (const change of credentials.changes)
    say(`generated ${change} in ${config.ORCHESTRA_STATE_DIR}/pki and ${config.ORCHESTRA_STATE_DIR}/tokens`);
  const processes = components.map(({ name, portVar, nodeArgs }, i) => {
    const tag = `\x1b[${colors[i % colors.length]}m[${name}]\x1b[0m `;
    return new SupervisedProcess(
      {
        name,
        command: process.execPath,
        args: [
          ...nodeArgs,
          '-r',
          join(repoRoot, 'tools', 'register-paths.js'),
          join(repoRoot, 'dist', 'apps', name, 'src', 'main.js'),
        ],
        cwd: repoRoot,
        env: {
          ...process.env,
          REDIS_URL: redisUrl,
          APISERVER_URL: apiserverUrl,
          ...componentCredentialsEnv(name, credentials),
          BIND_ADDRESS: host,
          [portVar]: String(config[portVar]),
          ...(name === 'proxy' ? { PROXY_TRAFFIC_PORT: String(config.PROXY_TRAFFIC_PORT) } : {}),
          // The audit log to a file, not the terminal (every lease renewal is a request); compose ships stdout to Loki.
          ...(name === 'apiserver'
            ? { AUDIT_LOG_PATH: process.env.AUDIT_LOG_PATH ?? join(stateDir, 'audit.log') }
            : {}),
          // The playground's timings (lease renewals, node grace period, default tolerationSeconds)
          // for every component that has a part in them; PROFILE=kubernetes npm start compares.
          PROFILE: profile,
          ...(name === 'kubelet' ? { NODES: String(nodes), NODE_NAME_PREFIX: 'node' } : {}),
          // Pods resolve names through the cluster DNS (--cluster-dns) and reach clusterIPs through the proxy.
          ...(name === 'kubelet' ? clusterNetworkEnv(host, config) : {}),
          ...(name === 'cluster-dns' ? { CLUSTER_DNS_PORT: String(config.CLUSTER_DNS_PORT) } : {}),
          ...cloudEnv(name, poolSize, `http://${host}:${config.CLOUD_CONTROLLER_MANAGER_PORT}`),
          // A stable name in the Lease: restarted after a crash (or a component-kill), the leader
          // takes its Lease back at once instead of waiting out its own old one.
          ...(name === 'scheduler' || name === 'controller-manager'
            ? { LEADER_ELECTION_IDENTITY: `${hostname()}_${name}` }
            : {}),
        },
      },
      (line) => process.stdout.write(tag + line + '\n'),
    );
  });

  const prometheus = startsPrometheus(config)
    ? prometheusProcess(config, stateDir, colors[processes.length])
    : undefined;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping every component`);
    // The apiserver last: the others' watches and final writes need it while they shut down.
    const [apiserverProcess, ...clients] = processes;
    await prometheus?.stop();
    await Promise.all(clients.map((p) => p.stop()));
    await apiserverProcess.stop();
    await redis?.stop();
    say('stopped; state kept in ' + config.ORCHESTRA_STATE_DIR + '/ (npm run reset wipes it)');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP')); // the terminal closed
  // The children have their own process groups (so Ctrl-C stops them in order, above): if the
  // launcher exits any other way, it takes them along rather than leave them running.
  process.on('exit', () => {
    for (const p of processes) p.kill();
    prometheus?.kill();
    redis?.process.kill('SIGKILL');
  });

  processes[0].start();
  await waitForReady(`${apiserverUrl}/readyz`, credentials);
  for (const p of processes.slice(1)) p.start();
  prometheus?.start();
  // The banner's first suggestion is `kubectl get nodes`: let it show them.
  await waitForNodes(apiserverUrl, nodes, credentials);

  // The apiserver alone has TLS: the others serve health and metrics in plain HTTP, on loopback.
  const endpoints = Object.fromEntries(
    components.map(({ name, portVar }) => [
      name,
      `http${name === 'apiserver' ? 's' : ''}://${host}:${config[portVar]}`,
    ]),
  );
  const services = `http://${host}:${config.PROXY_TRAFFIC_PORT}`;
  const dns = `${host}:${config.CLUSTER_DNS_PORT}`;
  const prometheusUrl = prometheus ? { prometheus: `http://${host}:${config.PROMETHEUS_PORT}` } : {};
  writeFileSync(
    join(stateDir, 'endpoints.json'),
    JSON.stringify({ redis: redisUrl, ...endpoints, services, dns, ...prometheusUrl }, null, 2) + '\n',
  );
  say(`endpoints of every component: ${join(stateDir, 'endpoints.json')}`);
  const banner = bannerLines({
    nodes,
    profile,
    apiserver: apiserverUrl,
    dashboard: `${apiserverUrl}/ui/`,
    services,
    dns: { host, port: config.CLUSTER_DNS_PORT },
    ...(poolSize > 0
      ? {
          cloud: {
            instances: `http://${host}:${config.CLOUD_CONTROLLER_MANAGER_PORT}/cloud/v1/instances`,
            pool: `cluster autoscaler: 0 to ${poolSize} pool nodes; load balancers on 127.0.100.0/24`,
          },
        }
      : {}),
    kubeconfig: kubeconfigPath,
    stateDir: config.ORCHESTRA_STATE_DIR,
    caFile: join(config.ORCHESTRA_STATE_DIR, 'pki', 'ca.crt'),
    adminTokenFile: join(config.ORCHESTRA_STATE_DIR, 'tokens', 'admin.token'),
    prometheus: prometheus
      ? { url: `${prometheusUrl.prometheus} (the same jobs and rules as docker compose)` }
      : {
          missing:
            config.ORCHESTRA_PROMETHEUS === 'off'
              ? 'off (ORCHESTRA_PROMETHEUS=off)'
              : "not installed (Debian: apt-get install prometheus); each component's /metrics still answers",
        },
  });
  for (const line of banner) say(line);
}

/**
 * The simulated cloud's part: the kubelet boots the pool's nodes as the cloud-controller-manager
 * launches instances (node-pool mode), and the cloud's node group is as large as the pool.
 */
function cloudEnv(name: string, poolSize: number, cloudUrl: string): Record<string, string> {
  if (name === 'cloud-controller-manager') return { NODE_POOL_MAX_SIZE: String(poolSize) };
  if (name === 'kubelet' && poolSize > 0)
    return { CLOUD_PROVIDER_URL: cloudUrl, NODE_POOL_SIZE: String(poolSize) };
  return {};
}

/** The command line's flags, or the usage text and exit 0 (--help) or 2 (a bad flag). */
function readFlags(): LauncherFlags {
  try {
    const flags = parseLauncherFlags(process.argv.slice(2));
    if (flags.help) {
      process.stdout.write(launcherUsage + '\n');
      process.exit(0);
    }
    return flags;
  } catch (error) {
    if (!(error instanceof LauncherFlagError)) throw error;
    process.stderr.write(`${error.message}\n\n${launcherUsage}\n`);
    process.exit(2);
  }
}

/** Stops with a clear message when a port is taken (another playground running, most likely). */
async function ensurePortsFree(config: LauncherConfig): Promise<void> {
  type PortVar =
    (typeof components)[number]['portVar'] | 'PROXY_TRAFFIC_PORT' | 'CLUSTER_DNS_PORT' | 'PROMETHEUS_PORT';
  const vars: PortVar[] = [
    ...components.map((c) => c.portVar),
    'PROXY_TRAFFIC_PORT',
    // Its TCP side: a UDP port cannot be probed by connecting, and both are taken together.
    'CLUSTER_DNS_PORT',
    ...(startsPrometheus(config) ? (['PROMETHEUS_PORT'] as const) : []),
  ];
  const taken = await portsInUse(
    '127.0.0.1',
    vars.map((name) => ({ name, port: config[name] })),
  );
  if (taken.length === 0) return;
  for (const { name, port } of taken) say(`port ${port} (${name}) is already in use on 127.0.0.1`);
  say('Is another playground running (`npm start` in another terminal, or docker compose)? Stop it,');
  say(
    `or choose other ports, e.g. ${taken.map(({ name, port }) => `${name}=${port + 1000}`).join(' ')} npm start`,
  );
  process.exit(1);
}

/** The kubelet's --cluster-dns and its route to clusterIPs: the local cluster-dns and proxy. */
function clusterNetworkEnv(host: string, config: LauncherConfig): Record<string, string> {
  return {
    CLUSTER_DNS: `${host}:${config.CLUSTER_DNS_PORT}`,
    SERVICE_PROXY_ADDRESS: `${host}:${config.PROXY_TRAFFIC_PORT}`,
  };
}

function startsPrometheus(config: LauncherConfig): boolean {
  return config.ORCHESTRA_PROMETHEUS === 'on' && prometheusAvailable();
}

/** The machine's Prometheus, scraping the local processes under compose's job names and rules. */
function prometheusProcess(config: LauncherConfig, stateDir: string, color: number): SupervisedProcess {
  const dir = join(stateDir, 'prometheus');
  mkdirSync(dir, { recursive: true });
  const ports: Record<string, number> = {
    ...Object.fromEntries(components.map(({ name, portVar }) => [name, config[portVar]])),
    prometheus: config.PROMETHEUS_PORT,
  };
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(
    configFile,
    localPrometheusConfig(readFileSync(join(repoRoot, 'prometheus', 'prometheus.yml'), 'utf8'), {
      localAddressOf: localAddresses(ports),
      rulesDir: join(repoRoot, 'prometheus', 'rules'),
      scrapeInterval: config.ORCHESTRA_PROMETHEUS_SCRAPE_INTERVAL,
      // The apiserver job's token and CA, generated under the state directory.
      credentialsDir: stateDir,
    }),
  );
  const tag = `\x1b[${color}m[prometheus]\x1b[0m `;
  return new SupervisedProcess(
    {
      name: 'prometheus',
      command: 'prometheus',
      args: prometheusArgs(configFile, join(dir, 'data'), config.PROMETHEUS_PORT),
      cwd: dir,
      env: process.env,
    },
    (line) => process.stdout.write(tag + line + '\n'),
  );
}

async function waitForReady(url: string, credentials: Credentials): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      // /readyz answers anonymous requests too; the CA is the launcher's own, not yet in Node's list.
      if ((await apiserverGet(url, { ca: credentials.caPem, timeoutMs: 2_000 })).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  say(`the apiserver did not become ready at ${url} within 60 s; see its log above`);
}

/** Until the apiserver lists `count` Nodes (the kubelet registers them within seconds). */
async function waitForNodes(apiserverUrl: string, count: number, credentials: Credentials): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const res = await apiserverGet(`${apiserverUrl}/api/v1/nodes`, {
        ca: credentials.caPem,
        token: credentials.adminToken,
        timeoutMs: 2_000,
      });
      if (res.status === 200 && (JSON.parse(res.body) as { items: unknown[] }).items.length >= count) return;
    } catch {
      // the apiserver is restarting: try again
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  say(`the kubelet has not registered all ${count} nodes within 30 s; see its log above`);
}

main().catch((error: unknown) => {
  say(`failed to start: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
