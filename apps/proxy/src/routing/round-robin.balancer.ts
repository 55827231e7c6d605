/**
 * Round-robin over a service port's ready backends (userspace kube-proxy's LoadBalancerRR),
 * with one cursor per `namespace/name:port`.
 */
import type { Backend } from './service-route';

export class RoundRobinBalancer {
  private readonly cursors = new Map<string, number>();

  /** The next backend of `portKey`, skipping those in `exclude` when another is left. */
  next(portKey: string, backends: readonly Backend[], exclude: readonly Backend[] = []): Backend | undefined {
    if (backends.length === 0) return undefined;
    const start = this.cursors.get(portKey) ?? 0;
    for (let i = 0; i < backends.length; i++) {
      const index = (start + i) % backends.length;
      const candidate = backends[index];
      if (exclude.some((b) => b.ip === candidate.ip && b.port === candidate.port)) continue;
      this.cursors.set(portKey, (index + 1) % backends.length);
      return candidate;
    }
    return undefined;
  }

  /** Forgets the cursors of a Service that is gone. */
  forget(serviceKey: string): void {
    for (const key of this.cursors.keys()) if (key.startsWith(`${serviceKey}:`)) this.cursors.delete(key);
  }
}
