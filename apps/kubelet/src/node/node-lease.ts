/**
 * The node's heartbeat (pkg/kubelet/nodelease): a Lease `kube-node-lease/<node>`, held by the
 * node, renewed every renew interval. The node lifecycle controller reads renewTime; when this
 * process dies the Leases simply go stale, which is how Kubernetes notices a lost node.
 */
import { ApiError, builtinResources, type Lease, type ResourceDefinition } from '@orchestra/api';
import type { ApiClient, ResourceClient } from '@orchestra/client';
import type { Logger } from '@orchestra/observability';
import { jittered, spreadStart } from './jitter';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const NODE_LEASE_DURATION_SECONDS = 40;

const leasesDef = builtinResources.find((d) => d.kind === 'Lease') as ResourceDefinition;

/** metav1.MicroTime: RFC 3339 with microseconds. */
export const microTime = (ms: number): string => new Date(ms).toISOString().replace(/Z$/, '000Z');

export class NodeLease {
  private readonly leases: ResourceClient<Lease>;
  private current?: Lease;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    client: ApiClient,
    private readonly node: { name: string; uid?: string },
    private readonly renewIntervalMs: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.leases = client.resource<Lease>(leasesDef);
  }

  start(): void {
    this.stopped = false;
    const tick = () => {
      void this.renew()
        .catch((error) => this.logger.warn('failed to renew node lease', { node: this.node.name, error }))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, next());
        });
    };
    // Renewed at once (the node is new or back), then at a spread point of the first interval.
    let next = () => {
      next = () => jittered(this.renewIntervalMs);
      return spreadStart(this.renewIntervalMs);
    };
    tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One renewal: create the Lease if it is missing, else move renewTime (read again on conflict). */
  async renew(): Promise<Lease> {
    const renewTime = microTime(this.now());
    if (!this.current) {
      this.current = await this.getOrCreate(renewTime);
      if (this.current.spec?.renewTime === renewTime) return this.current; // just created
    }
    try {
      this.current = await this.leases.update(this.renewed(this.current, renewTime));
    } catch (error) {
      this.current = undefined; // stale or gone: start from the server's copy next time
      throw error;
    }
    return this.current;
  }

  private renewed(lease: Lease, renewTime: string): Lease {
    return {
      ...lease,
      spec: {
        ...lease.spec,
        holderIdentity: this.node.name,
        leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS,
        renewTime,
      },
    };
  }

  private async getOrCreate(renewTime: string): Promise<Lease> {
    try {
      return await this.leases.get(this.node.name, NODE_LEASE_NAMESPACE);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 404)) throw error;
    }
    return this.leases.create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: this.node.name,
        namespace: NODE_LEASE_NAMESPACE,
        // Owned by the Node, so deleting the Node garbage-collects its Lease, as in Kubernetes.
        ownerReferences: this.node.uid
          ? [{ apiVersion: 'v1', kind: 'Node', name: this.node.name, uid: this.node.uid }]
          : undefined,
      },
      spec: {
        holderIdentity: this.node.name,
        leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS,
        acquireTime: renewTime,
        renewTime,
      },
    });
  }
}
