/**
 * One component as a child process: output prefixed with its name, restarted with back-off when
 * it dies (1 s doubling to 30 s; reset once it has stayed up for a minute), stopped with SIGTERM
 * and, if it does not exit in time, SIGKILL.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const initialBackoffMs = 1000;
const maxBackoffMs = 30_000;
const healthyAfterMs = 60_000;
const stopTimeoutMs = 10_000;

export class SupervisedProcess {
  private child?: ChildProcess;
  private stopping = false;
  private backoffMs = initialBackoffMs;
  private restartTimer?: NodeJS.Timeout;

  constructor(
    private readonly spec: ProcessSpec,
    private readonly log: (line: string) => void,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const startedAt = Date.now();
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd,
      env: this.spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a terminal's Ctrl-C reaches only the launcher, which stops the
      // components in order (the apiserver after its clients, Redis last).
      detached: true,
    });
    this.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream! }).on('line', (line) => this.log(line));
    }
    child.on('exit', (code, signal) => {
      if (this.stopping) return;
      if (Date.now() - startedAt > healthyAfterMs) this.backoffMs = initialBackoffMs;
      const why = signal ? `signal ${signal}` : `code ${code}`;
      this.log(`exited with ${why}; restarting in ${this.backoffMs / 1000} s`);
      this.restartTimer = setTimeout(() => this.start(), this.backoffMs);
      this.backoffMs = Math.min(this.backoffMs * 2, maxBackoffMs);
    });
  }

  /** At once and without waiting (the launcher is exiting on an error): nothing is left behind. */
  kill(): void {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    if (this.child && this.child.exitCode === null && this.child.signalCode === null)
      this.child.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
