/**
 * `orchestra/batch`: a job that works for DURATION_SECONDS (default 10), logging its progress,
 * then exits 0 (Completed), as a Job's pod does.
 */
import { memoryWithinLimit, terminatedBySignal, type Workload, type WorkloadContext } from './workload';
import { envNumber, MiB } from './workload-env';

const PROGRESS_STEPS = 10;

export class BatchWorkload implements Workload {
  private ctx!: WorkloadContext;

  start(ctx: WorkloadContext): void {
    this.ctx = ctx;
    const duration = Math.max(0, envNumber(ctx.config.env, 'DURATION_SECONDS', 10));
    ctx.log(`orchestra/batch: processing for ${duration}s (DURATION_SECONDS=${duration})`);
    const step = (duration * 1000) / PROGRESS_STEPS;
    const progress = (done: number) => {
      if (done === PROGRESS_STEPS) {
        ctx.log('orchestra/batch: done');
        return ctx.exit(0);
      }
      if (done > 0) ctx.log(`orchestra/batch: ${done * (100 / PROGRESS_STEPS)}% done`);
      ctx.after(step, () => progress(done + 1));
    };
    progress(0);
  }

  onSignal(_signal: 'SIGTERM', ctx: WorkloadContext): void {
    terminatedBySignal(ctx);
  }

  listensOn(): boolean {
    return false;
  }

  usage() {
    return {
      cpuMilli: 100,
      memoryBytes: memoryWithinLimit(16 * MiB, this.ctx.config.resources.memoryLimitBytes),
    };
  }
}
