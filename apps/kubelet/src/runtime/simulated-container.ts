/**
 * One simulated container: the created → running → exited state machine around a workload, with
 * its log, its timers, signal delivery on stop, and the cgroup's part: CPU throttled to the
 * limit, CPU time accumulated, the OOM killer when memory crosses the limit. Chaos stress adds
 * its load to the workload's own until it ends.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimClock, TimerHandle } from './clock';
import type {
  ContainerConfig,
  ContainerStress,
  ContainerUsage,
  RuntimeContainerState,
  RuntimeContainerStatus,
} from './container-runtime';
import { ContainerFiles } from './container-files';
import type { PresentImage } from './image-service';
import { LogBuffer } from './log-buffer';
import { ContainerStateError } from './runtime-errors';
import { execScript } from '../workloads/shell-script';
import type { ExecResult, Workload, WorkloadContext } from '../workloads/workload';
import { envFlag } from '../workloads/workload-env';

export const SIGKILL_EXIT_CODE = 137;

export interface ContainerDeps {
  sim: SimClock;
  random: () => number;
  logLines: number;
  /** The container ended without being asked to (crash, completion, OOM kill). */
  exitedOnItsOwn: (container: SimulatedContainer) => void;
}

type ExitReason = 'Completed' | 'Error' | 'OOMKilled';

export class SimulatedContainer {
  readonly log: LogBuffer;
  private state: RuntimeContainerState;
  private readonly timers = new Set<TimerHandle>();
  private readonly files: ContainerFiles;
  private readonly openResponses = new Set<ServerResponse>();
  private stopping?: { done: Promise<void>; resolve: () => void; killAt: number; kill?: TimerHandle };
  private cpuSecondsTotal = 0;
  private cpuMilli = 0;
  private accountedAt = 0;
  private stressLoad?: { load: ContainerStress; end: TimerHandle };
  private ctx?: WorkloadContext;

  constructor(
    readonly id: string,
    readonly config: ContainerConfig,
    private readonly image: PresentImage,
    private readonly workload: Workload,
    private readonly deps: ContainerDeps,
  ) {
    this.log = new LogBuffer(deps.logLines);
    this.files = new ContainerFiles(config.mounts);
    this.state = { kind: 'created', createdAt: deps.sim.now() };
  }

  get running(): boolean {
    return this.state.kind === 'running';
  }

  status(): RuntimeContainerStatus {
    return {
      id: this.id,
      name: this.config.name,
      image: this.image.name,
      imageRef: this.image.imageRef,
      state: this.state,
    };
  }

  start(): void {
    if (this.state.kind !== 'created')
      throw new ContainerStateError(`container "${this.id}" is ${this.state.kind}, not created`);
    const { sim } = this.deps;
    const startedAt = sim.now();
    this.state = { kind: 'running', startedAt };
    this.accountedAt = startedAt;
    const ctx: WorkloadContext = {
      config: this.config,
      image: this.image.entry,
      files: this.files,
      now: () => sim.now(),
      uptimeSeconds: () => sim.simSince(startedAt) / 1000,
      after: (simMs, callback) => this.after(simMs, callback),
      random: this.deps.random,
      log: (line) => this.log.append(sim.now(), line),
      exit: (code, message) => this.exit(code, code === 0 ? 'Completed' : 'Error', message),
    };
    this.ctx = ctx;
    this.workload.start(ctx);
    if (!this.running) return;
    this.cpuMilli = this.throttled(this.workload.usage().cpuMilli);
    const limit = this.config.resources.memoryLimitBytes;
    const oomAfter = limit === undefined ? undefined : this.workload.secondsUntilMemoryExceeds?.(limit);
    if (oomAfter !== undefined) this.after(oomAfter * 1000, () => this.oomKill());
  }

  /** SIGTERM now, SIGKILL after `gracePeriodMs` (simulated) if still running; resolves once exited. */
  stop(gracePeriodMs: number): Promise<void> {
    if (!this.running || !this.ctx) return Promise.resolve();
    const killAt = this.deps.sim.now() + this.deps.sim.toRealMs(gracePeriodMs);
    if (this.stopping) {
      // A shorter grace period given later wins, as with a second `kubectl delete --grace-period`.
      if (killAt < this.stopping.killAt) this.scheduleKill(gracePeriodMs, killAt);
      return this.stopping.done;
    }
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    this.stopping = { done, resolve, killAt };
    if (!envFlag(this.config.env, 'ORCHESTRA_IGNORE_SIGTERM')) this.workload.onSignal('SIGTERM', this.ctx);
    if (this.running) this.scheduleKill(gracePeriodMs, killAt);
    return done;
  }

  /** SIGKILL from outside (no SIGTERM first): exit 137; the exit listeners hear of it as of a crash. */
  kill(message: string): void {
    this.exit(SIGKILL_EXIT_CODE, 'Error', message);
  }

  /** Removal of a running container kills it without telling anyone (CRI RemoveContainer forces). */
  remove(): void {
    if (this.running) {
      this.stopping ??= { done: Promise.resolve(), resolve: () => undefined, killAt: this.deps.sim.now() };
      this.exit(SIGKILL_EXIT_CODE, 'Error', 'removed while running');
    }
    this.log.end();
  }

  usage(): ContainerUsage {
    if (this.running) {
      this.accountCpu();
      const wanted = this.wanted();
      const limit = this.config.resources.memoryLimitBytes;
      if (limit !== undefined && wanted.memoryBytes > limit) this.oomKill();
      else {
        this.cpuMilli = this.throttled(wanted.cpuMilli);
        return {
          cpuSecondsTotal: this.cpuSecondsTotal,
          cpuMilli: this.cpuMilli,
          memoryWorkingSetBytes: wanted.memoryBytes,
        };
      }
    }
    return { cpuSecondsTotal: this.cpuSecondsTotal, cpuMilli: 0, memoryWorkingSetBytes: 0 };
  }

  /**
   * Chaos stress: from now on the container also burns `cpuMilli` and holds `memoryBytes`, until
   * `untilMs` (or a new call). Memory past its limit gets it OOM-killed at once, as the kernel does.
   */
  stress(load: ContainerStress | undefined): void {
    if (!this.running) return;
    const current = this.stressLoad?.load;
    if (
      current?.cpuMilli === load?.cpuMilli &&
      current?.memoryBytes === load?.memoryBytes &&
      current?.untilMs === load?.untilMs
    )
      return;
    this.accountCpu(); // the CPU used so far, at the old rate
    this.stressLoad?.end.cancel();
    this.stressLoad = undefined;
    const now = this.deps.sim.now();
    if (load && load.untilMs > now) {
      const end = this.deps.sim.clock.setTimer(() => this.stress(undefined), load.untilMs - now);
      this.stressLoad = { load, end };
    }
    this.usage(); // the new rate from now; an OOM kill if the memory no longer fits
  }

  listensOn(port: number): boolean {
    return this.running && this.workload.listensOn(port);
  }

  serveHttp(port: number, req: IncomingMessage, res: ServerResponse): void {
    if (!this.listensOn(port) || !this.workload.serveHttp) {
      // The header tells the proxy this stands for a refused connection (see pod-traffic.middleware.ts).
      res.writeHead(503, {
        'Content-Type': 'text/plain; charset=utf-8',
        'X-Orchestra-Pod-Unreachable': 'connection-refused',
      });
      res.end(`dial tcp ${this.config.podIP}:${port}: connect: connection refused\n`);
      return;
    }
    this.openResponses.add(res);
    res.once('close', () => this.openResponses.delete(res));
    this.workload.serveHttp(port, req, res);
  }

  exec(command: string[]): ExecResult {
    if (!this.running) throw new ContainerStateError(`container "${this.id}" is not running`);
    return this.workload.exec?.(command) ?? execScript(command, this.files);
  }

  private after(simMs: number, callback: () => void): TimerHandle {
    const handle = this.deps.sim.after(simMs, () => {
      this.timers.delete(handle);
      if (this.running) callback();
    });
    this.timers.add(handle);
    return handle;
  }

  private scheduleKill(gracePeriodMs: number, killAt: number): void {
    const stopping = this.stopping!;
    stopping.kill?.cancel();
    stopping.killAt = killAt;
    const kill = () => this.exit(SIGKILL_EXIT_CODE, 'Error', 'killed by SIGKILL after the grace period');
    if (gracePeriodMs <= 0) return kill();
    stopping.kill = this.deps.sim.after(gracePeriodMs, kill);
  }

  private oomKill(): void {
    this.exit(SIGKILL_EXIT_CODE, 'OOMKilled');
  }

  private exit(exitCode: number, reason: ExitReason, message?: string): void {
    if (this.state.kind !== 'running') return;
    this.accountCpu();
    this.cpuMilli = 0;
    const { startedAt } = this.state;
    this.state = { kind: 'exited', exitCode, reason, startedAt, finishedAt: this.deps.sim.now(), message };
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
    this.stressLoad?.end.cancel();
    this.stressLoad = undefined; // the stressor died with the process
    // Connections to a dead process are reset, not left hanging.
    for (const res of this.openResponses) res.destroy();
    this.log.end();
    if (this.stopping) {
      this.stopping.kill?.cancel();
      this.stopping.resolve();
    } else {
      // Listeners hear of it after the current call returns, never in the middle of start().
      queueMicrotask(() => this.deps.exitedOnItsOwn(this));
    }
  }

  /** What the container uses: its workload's own, plus any stress. */
  private wanted(): { cpuMilli: number; memoryBytes: number } {
    const own = this.workload.usage();
    const extra = this.stressLoad?.load;
    return {
      cpuMilli: own.cpuMilli + (extra?.cpuMilli ?? 0),
      memoryBytes: own.memoryBytes + (extra?.memoryBytes ?? 0),
    };
  }

  private accountCpu(): void {
    const now = this.deps.sim.now();
    // CPU time is real time: rate(container_cpu_usage_seconds_total) shows the millicores used.
    this.cpuSecondsTotal += (this.cpuMilli / 1000) * ((now - this.accountedAt) / 1000);
    this.accountedAt = now;
  }

  private throttled(cpuMilli: number): number {
    const limit = this.config.resources.cpuLimitMilli;
    return Math.max(0, limit === undefined ? cpuMilli : Math.min(cpuMilli, limit));
  }
}
