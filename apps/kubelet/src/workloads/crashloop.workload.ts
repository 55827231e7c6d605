/**
 * `orchestra/crashloop`: starts, then dies with an error after CRASH_AFTER_SECONDS (default 5)
 * with EXIT_CODE (default 1), so the pod shows Error, restarts with back-off and ends in
 * CrashLoopBackOff. It logs why, so `kubectl logs --previous` has something to show.
 */
import { memoryWithinLimit, terminatedBySignal, type Workload, type WorkloadContext } from './workload';
import { envNumber, MiB } from './workload-env';

export class CrashloopWorkload implements Workload {
  private ctx!: WorkloadContext;

  start(ctx: WorkloadContext): void {
    this.ctx = ctx;
    const after = envNumber(ctx.config.env, 'CRASH_AFTER_SECONDS', 5);
    const code = envNumber(ctx.config.env, 'EXIT_CODE', 1) || 1;
    ctx.log(`orchestra/crashloop: starting; will crash in ${after}s (CRASH_AFTER_SECONDS=${after})`);
    ctx.after(after * 1000, () => {
      const why = `fatal: simulated crash after ${after}s, exiting with code ${code}`;
      ctx.log(`orchestra/crashloop: ${why}`);
      ctx.exit(code, why);
    });
  }

  onSignal(_signal: 'SIGTERM', ctx: WorkloadContext): void {
    terminatedBySignal(ctx);
  }

  listensOn(): boolean {
    return false;
  }

  usage() {
    return {
      cpuMilli: 5,
      memoryBytes: memoryWithinLimit(8 * MiB, this.ctx.config.resources.memoryLimitBytes),
    };
  }
}
