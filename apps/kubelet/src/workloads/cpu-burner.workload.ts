/**
 * `orchestra/cpu-burner`: wants MILLICORES of CPU (default 1000) for ever; the runtime throttles
 * it to its limit, as the CFS quota does. For HorizontalPodAutoscaler and throttling demos.
 */
import { memoryWithinLimit, terminatedBySignal, type Workload, type WorkloadContext } from './workload';
import { envNumber, MiB } from './workload-env';

export class CpuBurnerWorkload implements Workload {
  private ctx!: WorkloadContext;
  private millicores = 0;

  start(ctx: WorkloadContext): void {
    this.ctx = ctx;
    this.millicores = Math.max(0, envNumber(ctx.config.env, 'MILLICORES', 1000));
    const limit = ctx.config.resources.cpuLimitMilli;
    const throttled =
      limit !== undefined && limit < this.millicores ? ` (throttled to its limit ${limit}m)` : '';
    ctx.log(`orchestra/cpu-burner: burning ${this.millicores}m of CPU${throttled}`);
  }

  onSignal(_signal: 'SIGTERM', ctx: WorkloadContext): void {
    terminatedBySignal(ctx);
  }

  listensOn(): boolean {
    return false;
  }

  usage() {
    return {
      cpuMilli: this.millicores,
      memoryBytes: memoryWithinLimit(12 * MiB, this.ctx.config.resources.memoryLimitBytes),
    };
  }
}
