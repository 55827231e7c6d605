/** What the benchmarks share: flags, starting apps from dist/, waiting for them, Redis command counts. */
import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import type Redis from 'ioredis';

export const repoRoot = resolve(__dirname, '..', '..', '..');

/** A positive integer from `--name N`, `--name=N` or the environment variable, else the fallback. */
export function flag(name: string, env: string, fallback: number): number {
  const args = process.argv.slice(2);
  const at = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  const raw = at < 0 ? process.env[env] : args[at].includes('=') ? args[at].split('=')[1] : args[at + 1];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

/** Starts `dist/<script>` as its own process, as the launcher does; `nodeArgs` go to node (e.g. --cpu-prof). */
export function startApp(script: string, env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  return spawn(
    process.execPath,
    [...nodeArgs, '-r', join(repoRoot, 'tools', 'register-paths.js'), join(repoRoot, 'dist', script)],
    { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: 'inherit', cwd: repoRoot },
  );
}

export async function waitForReady(
  url: string,
  child: ChildProcess,
  name: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not become ready within ${timeoutMs / 1000} s`);
}

/** Calls per command so far (INFO commandstats). */
export async function commandCalls(redis: Redis): Promise<{ total: number; byCommand: Map<string, number> }> {
  const info = await redis.info('commandstats');
  const byCommand = new Map<string, number>();
  let total = 0;
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    byCommand.set(m[1], Number(m[2]));
    total += Number(m[2]);
  }
  return { total, byCommand };
}

/** The six commands called most between two readings, each divided by `per` (pods, seconds). */
export function topCommands(
  before: Map<string, number>,
  after: Map<string, number>,
  per: number,
  digits: number,
): string {
  return [...after]
    .map(([cmd, n]) => [cmd, n - (before.get(cmd) ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([cmd, n]) => `${cmd} ${(n / Math.max(per, 1)).toFixed(digits)}`)
    .join(', ');
}

/** Runs `fn(0..count-1)` with at most `width` calls in flight. */
export async function inBatches(
  count: number,
  width: number,
  fn: (i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
}
