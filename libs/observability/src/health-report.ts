import type { CheckResult } from './readiness.registry';

export interface HealthReport {
  status: 200 | 503;
  body: string;
}

/**
 * Renders checks the way kube-apiserver's /healthz, /livez and /readyz do: `ok` when all pass;
 * the `[+]name ok` / `[-]name failed` list when asked (`?verbose`) or when something failed.
 */
export function renderHealthReport(endpoint: string, results: CheckResult[], verbose: boolean): HealthReport {
  const failed = results.some((result) => !result.ok);
  if (!failed && !verbose) return { status: 200, body: 'ok' };
  const lines = results.map((result) =>
    result.ok ? `[+]${result.name} ok` : `[-]${result.name} failed: reason withheld`,
  );
  lines.push(`${endpoint} check ${failed ? 'failed' : 'passed'}`);
  return { status: failed ? 503 : 200, body: lines.join('\n') + '\n' };
}
