/**
 * One e2e test file's cluster of real OS processes (component-process.ts), all on the file's Redis
 * and key prefix. Every such file needs the same three things, once written out in each: start a
 * component with REDIS_URL, ORCHESTRA_KEY_PREFIX and, once the apiserver is up, APISERVER_URL;
 * wait for a condition, failing with the tail of every process's output (a timeout alone says
 * nothing about why); and stop the clients before the apiserver, so no component is left writing
 * to a gone apiserver or to keys being cleaned up.
 */
import { nodeIdentities, poolNodeNames, readKubeletConfig } from '../../apps/kubelet/src/kubelet.config';
import { registerAdminToken } from './apiserver-harness';
import { ComponentProcess, startComponent } from './component-process';
import { eventually } from './eventually';
import { TestCredentials } from './test-credentials';
import { TestRedis } from './test-redis';

export interface ClusterProcessesOptions {
  /** How much of each process's output (in characters) a failed `waitFor` appends; 3,000 unless set. */
  tailChars?: number;
}

export class ClusterProcesses {
  /** The processes started, as they became ready. A test that kills one for good takes it out. */
  readonly processes: ComponentProcess[] = [];
  /** The apiserver's token file and every component's identity; the admin's token for the test itself. */
  readonly credentials = new TestCredentials();
  private apiserver?: ComponentProcess;
  private readonly tailChars: number;

  constructor(
    private readonly redis: TestRedis,
    options: ClusterProcessesOptions = {},
  ) {
    this.tailChars = options.tailChars ?? 3_000;
  }

  /**
   * Starts `apps/<name>/src/main.js` with its HTTP port in `portVariable` (a free one unless
   * `env` sets it), resolving once it is ready. Components started after the apiserver get its URL.
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
      // A port the test chose (a client started before it must know where it will be).
      port: env[portVariable] ? Number(env[portVariable]) : undefined,
      env: {
        REDIS_URL: this.redis.url,
        ORCHESTRA_KEY_PREFIX: this.redis.prefix,
        ...(this.apiserver ? { APISERVER_URL: this.apiserver.url } : {}),
        ...this.credentialsEnv(name, env),
        ...env,
      },
    });
    this.processes.push(component);
    if (name === 'apiserver') {
      this.apiserver = component;
      registerAdminToken(component.url, this.credentials.adminToken);
    }
    return component;
  }

  /** `Authorization` for the test's own requests, as the admin. */
  get adminHeaders(): Record<string, string> {
    return { authorization: `Bearer ${this.credentials.adminToken}` };
  }

  /** fetch of a path on the apiserver, as the admin. */
  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    if (!this.apiserver) throw new Error('start the apiserver first');
    return fetch(this.apiserver.url + path, {
      ...init,
      headers: { ...this.adminHeaders, ...(init.headers as Record<string, string>) },
    });
  }

  /** The apiserver's token file and signing key, or the component's own credentials. */
  private credentialsEnv(name: string, env: Record<string, string>): Record<string, string> {
    if (name === 'apiserver') {
      return {
        TOKEN_AUTH_FILE: this.credentials.tokenFile,
        SERVICE_ACCOUNT_KEY_FILE: this.credentials.serviceAccountKeyFile,
        AUDIT_LOG_PATH: this.credentials.auditLogFile,
      };
    }
    const kubelet = name === 'kubelet' ? readKubeletConfig(env) : undefined;
    // Node-pool mode: the pool's nodes get their tokens up front, as the launcher's do.
    const nodes = kubelet ? [...nodeIdentities(kubelet).map((n) => n.name), ...poolNodeNames(kubelet)] : [];
    return this.credentials.componentEnv(name, nodes);
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
    this.credentials.cleanup();
  }
}
