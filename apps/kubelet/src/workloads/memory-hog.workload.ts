/**
 * `orchestra/memory-hog`: allocates GROWTH_MIB_PER_SECOND (default 10) without ever freeing.
 * With a memory limit it is OOMKilled (exit 137) the moment it would cross the limit; without
 * one it stops growing at MAX_MIB (default 1024) and stays there.
 */
import { terminatedBySignal, type Workload, type WorkloadContext } from './workload';
import { envNumber, MiB } from './workload-env';

const BASE_BYTES = 16 * MiB;

export class MemoryHogWorkload implements Workload {
  private ctx!: WorkloadContext;
  private bytesPerSecond = 0;
  private capBytes = 0;

  start(ctx: WorkloadContext): void {
    this.ctx = ctx;
    const growth = Math.max(0, envNumber(ctx.config.env, 'GROWTH_MIB_PER_SECOND', 10));
    this.bytesPerSecond = growth * MiB;
    this.capBytes = Math.max(BASE_BYTES, envNumber(ctx.config.env, 'MAX_MIB', 1024) * MiB);
    const limit = ctx.config.resources.memoryLimitBytes;
    ctx.log(
      `orchestra/memory-hog: allocating ${growth} MiB/s` +
        (limit === undefined
          ? `, no memory limit: stopping at ${this.capBytes / MiB} MiB`
          : `, limit ${limit / MiB} MiB`),
    );
    if (this.bytesPerSecond > 0 && (limit === undefined || limit >= this.capBytes)) {
      const toCap = (this.capBytes - BASE_BYTES) / this.bytesPerSecond;
      ctx.after(toCap * 1000, () =>
        ctx.log(`orchestra/memory-hog: reached ${this.capBytes / MiB} MiB, holding`),
      );
    }
  }

  secondsUntilMemoryExceeds(limitBytes: number): number | undefined {
    if (BASE_BYTES > limitBytes) return 0;
    if (this.bytesPerSecond === 0 || this.capBytes <= limitBytes) return undefined;
    return (limitBytes - BASE_BYTES) / this.bytesPerSecond;
  }

  onSignal(_signal: 'SIGTERM', ctx: WorkloadContext): void {
    terminatedBySignal(ctx);
  }

  listensOn(): boolean {
    return false;
  }

  usage() {
    const grown = BASE_BYTES + this.bytesPerSecond * this.ctx.uptimeSeconds();
    return { cpuMilli: 50, memoryBytes: Math.floor(Math.min(grown, this.capBytes)) };
  }
}
