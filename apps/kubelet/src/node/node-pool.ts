/**
 * Node-pool mode: the simulated cloud's instances become simulated nodes of this process. Every
 * poll reads the cloud's instance list (GET <CLOUD_PROVIDER_URL>/cloud/v1/instances); a node is
 * booted for each new instance this process holds a token for, and stopped when its instance is
 * gone (terminated by a user, chaos or the cluster autoscaler), as a hypervisor boots and powers
 * off machines. While the cloud does not answer, the nodes stay as they are.
 */
import type { Logger } from '@orchestra/observability';

/** What the kubelet needs of an instance (apps/cloud-controller-manager's CloudInstance). */
export interface PoolInstance {
  id: string;
  nodeName: string;
  zone: string;
  instanceType: string;
  capacity: { cpu: string; memory: string; pods: string };
}

export interface NodePoolHost {
  boot(instance: PoolInstance): void;
  stop(nodeName: string): Promise<void>;
}

export interface NodePoolOptions {
  cloudUrl: string;
  /** The node names this process may run (its pool tokens). */
  nodeNames: string[];
  pollMs: number;
  host: NodePoolHost;
  logger: Logger;
  fetch?: typeof fetch;
}

/** How long the cloud may not answer before it is worth a warning. */
const OUTAGE_WARNING_MS = 10_000;

export class NodePool {
  /** Node name → the instance it runs for. */
  private readonly running = new Map<string, string>();
  private readonly allowed: Set<string>;
  private readonly refused = new Set<string>();
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private stopped = false;
  /** Since when the cloud has not answered (ms), if it does not. */
  private failingSince?: number;
  private warned = false;

  constructor(private readonly options: NodePoolOptions) {
    this.allowed = new Set(options.nodeNames);
  }

  start(): void {
    const tick = () => {
      this.polling = this.poll().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs);
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
  }

  /** One read of the instance list and the boots and stops it calls for. */
  async poll(): Promise<void> {
    const instances = await this.readInstances();
    if (!instances || this.stopped) return;
    const wanted = new Map<string, PoolInstance>();
    for (const instance of instances) {
      if (this.allowed.has(instance.nodeName)) wanted.set(instance.nodeName, instance);
      else if (!this.refused.has(instance.nodeName)) {
        this.refused.add(instance.nodeName);
        this.options.logger.warn('cloud instance not booted: no node token for its node name', {
          instance: instance.id,
          node: instance.nodeName,
        });
      }
    }
    for (const [nodeName, instanceId] of [...this.running]) {
      if (wanted.get(nodeName)?.id === instanceId) continue;
      this.running.delete(nodeName);
      this.options.logger.info('cloud instance gone: stopping its node', {
        node: nodeName,
        instance: instanceId,
      });
      await this.options.host.stop(nodeName);
    }
    for (const [nodeName, instance] of wanted) {
      if (this.running.has(nodeName)) continue;
      this.running.set(nodeName, instance.id);
      this.options.logger.info('cloud instance launched: booting its node', {
        node: nodeName,
        instance: instance.id,
      });
      this.options.host.boot(instance);
    }
  }

  private async readInstances(): Promise<PoolInstance[] | undefined> {
    const url = `${this.options.cloudUrl.replace(/\/$/, '')}/cloud/v1/instances`;
    try {
      const res = await (this.options.fetch ?? fetch)(url, { signal: AbortSignal.timeout(5_000) });
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      const body = (await res.json()) as { items: PoolInstance[] };
      if (this.warned) this.options.logger.info('cloud instance list readable again', { url });
      this.failingSince = undefined;
      this.warned = false;
      return body.items;
    } catch (error) {
      // A warning once per outage, and only for one that lasts: the cloud-controller-manager may
      // just be starting, restarting, or stopping with the rest of the playground.
      this.failingSince ??= Date.now();
      const lasting = Date.now() - this.failingSince >= OUTAGE_WARNING_MS;
      if (lasting && !this.warned)
        this.options.logger.warn('cannot read the cloud instance list; nodes kept as they are', {
          url,
          error,
        });
      else if (!lasting) this.options.logger.debug('cloud instance list not readable (yet)', { url, error });
      this.warned ||= lasting;
      return undefined;
    }
  }
}
