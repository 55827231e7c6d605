/**
 * The simulated cloud: one region, a few zones, one node group of one instance type, and a pool
 * of external addresses for load balancers. Launching an instance only records it: the kubelet
 * in node-pool mode reads the instance list (GET /cloud/v1/instances on this process) and boots
 * a simulated node for each, as a hypervisor would boot the machine; terminating one deletes the
 * record, and the kubelet stops that node.
 *
 * Changes are serialised in this process (one cloud-controller-manager runs against a cluster),
 * so two launches never take the same node slot and two load balancers never the same address.
 */
import { randomBytes } from 'node:crypto';
import type {
  CloudInstance,
  CloudLoadBalancer,
  CloudProvider,
  Instances,
  LoadBalancers,
  NodeGroup,
  NodeGroups,
} from './cloud-provider';
import { instanceIdOf, PROVIDER_NAME } from './cloud-provider';
import type { CloudState } from './cloud-state';
import { allocateIp, formatIPv4, type IpRange } from './ip-pool';

export class CloudQuotaError extends Error {
  override name = 'CloudQuotaError';
}

export interface SimulatedCloudOptions {
  state: CloudState;
  region: string;
  zones: string[];
  instanceType: string;
  capacity: { cpu: string; memory: string; pods: string };
  nodeGroup: { name: string; minSize: number; maxSize: number; nodeNamePrefix: string };
  loadBalancerIps: IpRange;
  now?: () => number;
}

export class SimulatedCloud implements CloudProvider {
  readonly providerName = PROVIDER_NAME;
  readonly instances: Instances;
  readonly loadBalancers: LoadBalancers;
  readonly nodeGroups: NodeGroups;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SimulatedCloudOptions) {
    const { state } = options;
    this.instances = {
      instanceByProviderID: async (providerID) => {
        const id = instanceIdOf(providerID);
        return id ? (await state.instances()).find((i) => i.id === id) : undefined;
      },
      list: () => state.instances(),
      terminate: (id) =>
        this.serial(async () => {
          const instance = (await state.instances()).find((i) => i.id === id);
          if (instance) await state.deleteInstance(id);
          return instance;
        }),
    };
    this.loadBalancers = {
      get: async (name) => (await state.loadBalancers()).find((lb) => lb.name === name),
      ensure: (name, service) => this.serial(() => this.ensureLoadBalancer(name, service)),
      ensureDeleted: (name) => this.serial(() => state.deleteLoadBalancer(name)),
      list: () => state.loadBalancers(),
    };
    this.nodeGroups = {
      groups: () => [this.group()],
      instances: async (group) => (await state.instances()).filter((i) => i.nodeGroup === group),
      increaseSize: (group, delta) => this.serial(() => this.launch(group, delta)),
    };
  }

  /** The one node group, with the labels its nodes get once initialised. */
  group(): NodeGroup {
    const { nodeGroup, instanceType, capacity, region } = this.options;
    return {
      name: nodeGroup.name,
      minSize: nodeGroup.minSize,
      maxSize: nodeGroup.maxSize,
      template: {
        labels: {
          'node.kubernetes.io/instance-type': instanceType,
          'topology.kubernetes.io/region': region,
        },
        capacity,
      },
    };
  }

  private async launch(groupName: string, delta: number): Promise<CloudInstance[]> {
    const { state, nodeGroup, zones, region, instanceType, capacity } = this.options;
    if (groupName !== nodeGroup.name) throw new CloudQuotaError(`no node group "${groupName}"`);
    const existing = (await state.instances()).filter((i) => i.nodeGroup === groupName);
    if (existing.length + delta > nodeGroup.maxSize)
      throw new CloudQuotaError(
        `node group ${groupName}: ${existing.length} + ${delta} instances exceed its maximum size ${nodeGroup.maxSize}`,
      );
    const takenSlots = new Set(existing.map((i) => slotOf(i.nodeName)));
    const launched: CloudInstance[] = [];
    for (let slot = 1; launched.length < delta && slot <= nodeGroup.maxSize; slot++) {
      if (takenSlots.has(slot)) continue;
      const instance: CloudInstance = {
        id: `i-${randomBytes(6).toString('hex')}`,
        nodeName: `${nodeGroup.nodeNamePrefix}-${slot}`,
        nodeGroup: groupName,
        region,
        // Spread over the zones by slot, as a regional instance group spreads its machines.
        zone: zones[(slot - 1) % zones.length],
        instanceType,
        capacity,
        launchedAt: new Date((this.options.now ?? Date.now)()).toISOString(),
      };
      await state.putInstance(instance);
      launched.push(instance);
    }
    return launched;
  }

  private async ensureLoadBalancer(name: string, service: string): Promise<CloudLoadBalancer> {
    const { state, loadBalancerIps } = this.options;
    const all = await state.loadBalancers();
    const existing = all.find((lb) => lb.name === name);
    if (existing) return existing;
    const ip = allocateIp(
      loadBalancerIps,
      all.map((lb) => lb.ip),
    );
    if (!ip)
      throw new CloudQuotaError(
        `no free load balancer address in ${formatIPv4(loadBalancerIps.first)}-${formatIPv4(loadBalancerIps.last)}`,
      );
    const lb: CloudLoadBalancer = {
      name,
      service,
      ip,
      createdAt: new Date((this.options.now ?? Date.now)()).toISOString(),
    };
    await state.putLoadBalancer(lb);
    return lb;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

/** `pool-node-3` → 3. */
function slotOf(nodeName: string): number {
  return Number(/-(\d+)$/.exec(nodeName)?.[1] ?? 0);
}
