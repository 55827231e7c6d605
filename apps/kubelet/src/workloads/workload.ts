/**
 * A built-in workload is the program a simulated container runs. The container (runtime) owns
 * the state machine, logs, timers and resource accounting; the workload only decides what the
 * program does: when it exits, how it answers HTTP, how much CPU and memory it wants.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TimerHandle } from '../runtime/clock';
import type { ContainerConfig } from '../runtime/container-runtime';
import type { CatalogueEntry } from '../runtime/image-catalogue';

export interface WorkloadUsage {
  /** CPU the program wants, in millicores; the runtime throttles it to the limit. */
  cpuMilli: number;
  /** Memory in use; above the limit the runtime's OOM killer ends the container. */
  memoryBytes: number;
}

export interface WorkloadContext {
  readonly config: ContainerConfig;
  readonly image: CatalogueEntry;
  /** The container's small in-memory file system (`touch /tmp/healthy`, `cat /tmp/healthy`). */
  readonly files: Set<string>;
  /** Underlying clock time in ms. */
  now(): number;
  /** Simulated seconds since the container started. */
  uptimeSeconds(): number;
  /** Runs `callback` after `simMs` of simulated time; cancelled when the container exits. */
  after(simMs: number, callback: () => void): TimerHandle;
  /** A number in [0, 1); injectable so tests are deterministic. */
  random(): number;
  /** Writes one line to the container's stdout. */
  log(line: string): void;
  /** The program exits with this code (reason Completed for 0, Error otherwise). */
  exit(exitCode: number, message?: string): void;
}

export interface ExecResult {
  exitCode: number;
  output: string;
}

export interface Workload {
  /** Called once when the container starts. */
  start(ctx: WorkloadContext): void;
  /**
   * SIGTERM arrived (the kubelet is stopping the container). A program that handles it exits
   * (usually 0); one that does not is ended by the signal (143); one that ignores it does nothing
   * and is SIGKILLed at the end of the grace period (137).
   */
  onSignal(signal: 'SIGTERM', ctx: WorkloadContext): void;
  /** Accepts TCP connections on this port (tcpSocket probes, traffic). */
  listensOn(port: number): boolean;
  /** Answers an HTTP request on a port it listens on; absent when the program does not speak HTTP. */
  serveHttp?(port: number, req: IncomingMessage, res: ServerResponse): void;
  /** Runs a command inside the container; absent: the runtime's small shell does it. */
  exec?(command: string[]): ExecResult | undefined;
  usage(): WorkloadUsage;
  /**
   * For a program whose memory grows: simulated seconds after start at which it crosses
   * `limitBytes` (undefined: never). The runtime's OOM killer acts at that moment rather than at
   * the next usage sample.
   */
  secondsUntilMemoryExceeds?(limitBytes: number): number | undefined;
}

/** The default action for SIGTERM in a program without a handler: killed by the signal, 128 + 15. */
export function terminatedBySignal(ctx: WorkloadContext): void {
  ctx.exit(143, 'terminated by SIGTERM');
}

/** Memory a well-behaved program uses: its own need, but always below its limit. */
export function memoryWithinLimit(bytes: number, limitBytes: number | undefined): number {
  return limitBytes === undefined ? bytes : Math.min(bytes, Math.floor(limitBytes * 0.8));
}
