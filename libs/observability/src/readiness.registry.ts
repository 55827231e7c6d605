import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';

/** A readiness check passes when it resolves to anything but `false`; throwing fails it. */
export type ReadinessCheck = () => unknown;

export interface CheckResult {
  name: string;
  ok: boolean;
  /** Why it failed; logged, never served (Kubernetes withholds reasons from /readyz too). */
  reason?: string;
}

/** A hung dependency must not hang the probe: Kubernetes' probe timeout defaults to 1 s. */
export const READINESS_CHECK_TIMEOUT_MS = 1000;

/**
 * What /readyz asks. Apps register named checks ("redis", "informers-synced"); like the
 * apiserver's `shutdown` check, readiness fails as soon as the process starts shutting down,
 * so load balancers stop sending traffic before the server closes.
 */
@Injectable()
export class ReadinessRegistry implements BeforeApplicationShutdown {
  private shuttingDown = false;
  private readonly checks = new Map<string, ReadinessCheck>([
    ['ping', () => true],
    ['shutdown', () => this.failWhenShuttingDown()],
  ]);

  register(name: string, check: ReadinessCheck): void {
    // Names show up in `?exclude=` and in `[+]name ok` lines, as in Kubernetes.
    if (!/^[a-z0-9][a-z0-9/-]*$/.test(name))
      throw new Error(`readiness check name "${name}" is not kebab-case`);
    if (this.checks.has(name)) throw new Error(`readiness check "${name}" is already registered`);
    this.checks.set(name, check);
  }

  run(exclude: readonly string[] = []): Promise<CheckResult[]> {
    const included = [...this.checks].filter(([name]) => !exclude.includes(name));
    return Promise.all(included.map(([name, check]) => runCheck(name, check)));
  }

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  private failWhenShuttingDown(): void {
    if (this.shuttingDown) throw new Error('process is shutting down');
  }
}

async function runCheck(name: string, check: ReadinessCheck): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${READINESS_CHECK_TIMEOUT_MS} ms`)),
      READINESS_CHECK_TIMEOUT_MS,
    );
  });
  try {
    const outcome = await Promise.race([Promise.resolve().then(check), timeout]);
    return outcome === false ? { name, ok: false, reason: 'check returned false' } : { name, ok: true };
  } catch (error) {
    return { name, ok: false, reason: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
