/**
 * `npm start` as a test runs it: the launcher from dist/ in its own process group (as a
 * terminal's foreground job), on free ports, with its state in a temporary directory and its own
 * redis-server, as on a fresh machine.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from '../redis/free-port';
import { fetchTrusting } from './https-fetch';

const repoRoot = join(__dirname, '..', '..');
/** The launcher's last line once everything is started. */
export const launcherReadyLine = 'Ctrl-C stops the playground';

/** Every port the launcher opens, by the variable that sets it. */
const portVars = [
  'APISERVER_PORT',
  'SCHEDULER_PORT',
  'CONTROLLER_MANAGER_PORT',
  'KUBE_STATE_METRICS_PORT',
  'KUBELET_PORT',
  'PROXY_PORT',
  'CLOUD_CONTROLLER_MANAGER_PORT',
  'PROXY_TRAFFIC_PORT',
  'CLUSTER_DNS_PORT',
  'CLUSTER_DNS_METRICS_PORT',
  'PROMETHEUS_PORT',
];

export interface LauncherProcess {
  process: ChildProcess;
  /** When it was spawned (ms since the epoch). */
  startedAt: number;
  stateDir: string;
  /** Everything it printed so far. */
  output(): string;
  exited: Promise<number | null>;
  /** `.orchestra/endpoints.json`: each component's URL. */
  endpoints(): Record<string, string>;
  /**
   * The real kubectl with the kubeconfig the launcher wrote (the admin's token, the playground's
   * CA) and a discovery cache of its own; stdout, or kubectl's error output in the rejection.
   */
  kubectl(...args: string[]): Promise<string>;
  /** The same with another kubectl client (e.g. one of installedKubectlClients()). */
  kubectlWith(kubectlPath: string, ...args: string[]): Promise<string>;
  /** The admin's bearer token and the playground's CA, which the launcher generated. */
  adminToken: string;
  caPem: string;
  /** fetch trusting the playground's CA, as the admin unless the request has its own `authorization`. */
  fetch: typeof fetch;
  /**
   * Stops it as SIGTERM does (the components have their own process groups: only the launcher
   * stops them), SIGKILL after 30 s, and removes the state directory.
   */
  dispose(): Promise<void>;
}

export async function startLauncher(
  env: NodeJS.ProcessEnv,
  startTimeoutMs = 90_000,
  args: readonly string[] = [],
): Promise<LauncherProcess> {
  const stateDir = mkdtempSync(join(tmpdir(), 'orchestra-launcher-'));
  // Distinct ports: a port found free and closed again may be handed out twice, and two components
  // on one port leave the second crash-looping (EADDRINUSE) for the whole test.
  const ports: Record<string, string> = {};
  const taken = new Set<string>();
  for (const name of portVars) {
    let port = String(await findFreePort());
    while (taken.has(port)) port = String(await findFreePort());
    taken.add(port);
    ports[name] = port;
  }
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...ports, ORCHESTRA_STATE_DIR: stateDir, ...env };
  delete childEnv.REDIS_URL; // its own redis-server, as on a fresh machine
  const child = spawn(
    process.execPath,
    [
      '-r',
      join(repoRoot, 'tools', 'register-paths.js'),
      join(repoRoot, 'dist', 'tools', 'launcher', 'main.js'),
      ...args,
    ],
    { cwd: repoRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const startedAt = Date.now();
  let output = '';
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const launcher: LauncherProcess = {
    process: child,
    startedAt,
    stateDir,
    output: () => output,
    exited,
    // Set once the launcher has started (it generates them first thing).
    adminToken: '',
    caPem: '',
    fetch: () => Promise.reject(new Error('the launcher has not started')),
    endpoints: () =>
      JSON.parse(readFileSync(join(stateDir, 'endpoints.json'), 'utf8')) as Record<string, string>,
    kubectl: (...args: string[]) => launcher.kubectlWith('kubectl', ...args),
    async kubectlWith(kubectlPath: string, ...args: string[]) {
      const env = {
        ...process.env,
        KUBECONFIG: join(stateDir, 'kubeconfig'),
        KUBECACHEDIR: join(stateDir, 'kubectl-cache'),
      };
      try {
        return (await promisify(execFile)(kubectlPath, args, { env, timeout: 30_000 })).stdout;
      } catch (error) {
        const e = error as { stderr?: string; stdout?: string; message: string };
        throw new Error(`kubectl ${args.join(' ')} failed: ${e.stderr || e.stdout || e.message}`);
      }
    },
    async dispose() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timeout = new Promise((r) => setTimeout(r, 30_000).unref());
        await Promise.race([exited, timeout]);
        if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
      }
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + startTimeoutMs;
  while (!output.includes(launcherReadyLine)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await launcher.dispose();
      throw new Error(`launcher did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  launcher.adminToken = readFileSync(join(stateDir, 'tokens', 'admin.token'), 'utf8').trim();
  launcher.caPem = readFileSync(join(stateDir, 'pki', 'ca.crt'), 'utf8');
  launcher.fetch = fetchTrusting(launcher.caPem, { authorization: `Bearer ${launcher.adminToken}` });
  return launcher;
}
