/**
 * Runs Orchestra components as real OS processes from dist/, as they run for real, for the tests
 * that need what only a process has: SIGKILL, SIGSTOP/SIGCONT, its own event loop and sockets.
 * Each process's output is kept for failure messages; every child still alive when the test
 * process exits is SIGKILLed, so a failing or interrupted test leaves no orphans.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findFreePort } from '../redis/free-port';
import { fetchTrusting } from './https-fetch';

const repoRoot = resolve(__dirname, '..', '..');
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * `npm run build` (incremental tsc into dist/, then the static files tsc does not emit). Type
 * errors are `npm run typecheck`'s business and do not stop the emit (tsc exit code 2: outputs
 * generated); only a build that emitted nothing (any other failure) throws, with tsc's output.
 */
export function buildDist(): Promise<void> {
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const copyStatic = join(repoRoot, 'tools', 'build', 'copy-static.js');
  return new Promise((done, fail) =>
    execFile(
      process.execPath,
      [tsc, '-p', 'tsconfig.build.json'],
      { cwd: repoRoot, timeout: 120_000, maxBuffer: 16 << 20 },
      (error, stdout, stderr) =>
        error && error.code !== 2
          ? fail(new Error(`npm run build failed:\n${stdout}${stderr}`))
          : execFile(process.execPath, [copyStatic], { cwd: repoRoot }, (copyError) =>
              copyError ? fail(copyError) : done(),
            ),
    ),
  );
}

export interface ComponentProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Its JSON log lines (non-JSON lines are skipped). */
  logLines(): Record<string, unknown>[];
  running(): boolean;
  signal(signal: NodeJS.Signals): void;
  /** SIGCONT (it may be stopped), SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL; resolves once it exited. */
  kill(): Promise<void>;
}

export interface ComponentSpec {
  name: string;
  /** Path under dist/, e.g. `apps/apiserver/src/main.js`. */
  script: string;
  /** The env variable carrying its HTTP port: a free one is chosen unless `port` says which. */
  portVariable: string;
  /** A fixed port, e.g. to restart a component where its clients expect it. */
  port?: number;
  env: Record<string, string>;
}

export async function startComponent(spec: ComponentSpec): Promise<ComponentProcess> {
  const port = spec.port ?? (await findFreePort());
  const child = spawn(
    process.execPath,
    ['-r', join(repoRoot, 'tools', 'register-paths.js'), join(repoRoot, 'dist', spec.script)],
    {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'warn', ...spec.env, [spec.portVariable]: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  live.add(child);
  const exited = new Promise<void>((done) =>
    child.once('exit', () => {
      live.delete(child);
      done();
    }),
  );
  const chunks: string[] = [];
  child.stdout!.setEncoding('utf8').on('data', (s: string) => chunks.push(s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => chunks.push(s));
  const running = () => child.exitCode === null && child.signalCode === null;
  const kill = async () => {
    if (running()) child.kill('SIGKILL');
    await exited;
  };
  // An apiserver given TLS_CERT_FILE serves HTTPS only; its CA is the env's NODE_EXTRA_CA_CERTS.
  const tls = Boolean(spec.env.TLS_CERT_FILE);
  const component: ComponentProcess = {
    name: spec.name,
    child,
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    output: () => chunks.join(''),
    logLines: () =>
      chunks
        .join('')
        .split('\n')
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    running,
    signal: (signal) => {
      if (running()) child.kill(signal);
    },
    kill,
    async stop(graceMs = 5_000) {
      if (!running()) return exited;
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      const timer = setTimeout(() => void kill(), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  const ca = spec.env.NODE_EXTRA_CA_CERTS;
  await waitForReady(component, tls && ca ? fetchTrusting(readFileSync(ca, 'utf8')) : fetch);
  return component;
}

/** Polls /readyz until 200 (a component is ready once its caches have synced). */
async function waitForReady(
  component: ComponentProcess,
  get: typeof fetch,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!component.running()) break;
    try {
      if ((await get(`${component.url}/readyz`, { signal: AbortSignal.timeout(1_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await component.kill();
  throw new Error(`${component.name} did not become ready:\n${component.output()}`);
}

/** The sum of a metric's samples whose labels match (a string exactly, a RegExp by test); 0 if none. */
export function metricSum(body: string, name: string, labels: Record<string, string | RegExp> = {}): number {
  let sum = 0;
  for (const line of body.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    const matches = (want: string | RegExp, value = '') =>
      typeof want === 'string' ? value === want : want.test(value);
    if (Object.entries(labels).every(([k, want]) => matches(want, found[k]))) sum += Number(m[3]);
  }
  return sum;
}
