/** Reading a workload's settings from its container env, forgiving as small programs are. */

/** A finite number from the env, or the default when absent or not a number. */
export function envNumber(env: Record<string, string>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  return Number.isFinite(value) ? value : fallback;
}

export function envFlag(env: Record<string, string>, name: string): boolean {
  return ['true', '1', 'yes'].includes((env[name] ?? '').trim().toLowerCase());
}

export const MiB = 1024 * 1024;
