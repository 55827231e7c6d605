/**
 * A busybox/alpine-style command the small shell understands (`sleep 3600`,
 * `sh -c "echo hi; exit 3"`): runs its steps in simulated time and exits with the script's status.
 * The shell is PID 1 without signal handlers, so it ignores SIGTERM and is SIGKILLed at the end
 * of the grace period (exit 137), which is why `kubectl delete` of such a pod takes 30 s.
 */
import { runStep, type ShellStep } from './shell-script';
import { memoryWithinLimit, type Workload, type WorkloadContext } from './workload';
import { MiB } from './workload-env';

export class ShellWorkload implements Workload {
  private ctx!: WorkloadContext;

  constructor(private readonly steps: ShellStep[]) {}

  start(ctx: WorkloadContext): void {
    this.ctx = ctx;
    this.run(0, 0);
  }

  private run(index: number, status: number): void {
    for (let i = index; i < this.steps.length; i++) {
      const step = this.steps[i];
      if ((step.connector === '&&' && status !== 0) || (step.connector === '||' && status === 0)) continue;
      const outcome = runStep(step.argv, this.ctx.files);
      if ('exit' in outcome) return this.ctx.exit(outcome.exit);
      if ('sleepSeconds' in outcome) {
        if (outcome.sleepSeconds === Infinity) return;
        this.ctx.after(outcome.sleepSeconds * 1000, () => this.run(i + 1, 0));
        return;
      }
      if (outcome.output) this.ctx.log(outcome.output);
      status = outcome.status;
    }
    this.ctx.exit(status);
  }

  onSignal(): void {
    // PID 1 without a handler: the kernel does not deliver SIGTERM to it.
  }

  listensOn(): boolean {
    return false;
  }

  usage() {
    return {
      cpuMilli: 0,
      memoryBytes: memoryWithinLimit(MiB / 2, this.ctx.config.resources.memoryLimitBytes),
    };
  }
}
