/**
 * One e2e test file's cluster of real OS processes (component-process.ts), all on the file's Redis
 * and key prefix. Every such file needs the same three things, once written out in each: start a
 * component with REDIS_URL, ORCHESTRA_KEY_PREFIX and, once the apiserver is up, APISERVER_URL;
 * wait for a condition, failing with the tail of every process's output (a timeout alone says
 * nothing about why); and stop the clients before the apiserver, so no component is left writing
 * to a gone apiserver or to keys being cleaned up.
 */
import { ComponentProcess, startComponent } from './component-process';
import { eventually } from './eventually';
import { TestRedis } from './test-redis';

export interface ClusterProcessesOptions {
  /** How much of each process's output (in characters) a failed `waitFor` appends; 3,000 unless set. */
  tailChars?: number;
}

export class ClusterProcesses {
  /** The processes started, as they became ready. A test that kills one for good takes it out. */
  readonly processes: ComponentProcess[] = [];
  private apiserver?: ComponentProcess;
  private readonly tailChars: number;

  constructor(
    private readonly redis: TestRedis,
    options: ClusterProcessesOptions = {},
  ) {
    this.tailChars = options.tailChars ?? 3_000;
  }

  /**
   * Starts `apps/<name>/src/main.js` with its HTTP port in `portVariable`, resolving once it is
   * ready. Components started after the apiserver get its URL.
   */
  async start(
    name: string,
    portVariable: string,
    env: Record<string, string> = {},
  ): Promise<ComponentProcess> {
    const component = await startComponent({
      name,
      script: `apps/${name}/src/main.js`,
      portVariable,
      env: {
        REDIS_URL: this.redis.url,
        ORCHESTRA_KEY_PREFIX: this.redis.prefix,
        ...(this.apiserver ? { APISERVER_URL: this.apiserver.url } : {}),
        ...env,
      },
    });
    this.processes.push(component);
    if (name === 'apiserver') this.apiserver = component;
    return component;
  }

  /** `eventually`, failing with the tail of every process's output. */
  waitFor<T>(check: () => Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
    return eventually(check, timeoutMs, what).catch((error: Error) => {
      const tails = this.processes.map((p) => `--- ${p.name} ---\n${p.output().slice(-this.tailChars)}`);
      throw new Error([error.message, ...tails].join('\n'));
    });
  }

  /** Stops every process: the apiserver's clients first, then the apiserver. */
  async stop(): Promise<void> {
    await Promise.all(this.processes.filter((p) => p !== this.apiserver).map((p) => p.stop()));
    await this.apiserver?.stop();
  }
}
