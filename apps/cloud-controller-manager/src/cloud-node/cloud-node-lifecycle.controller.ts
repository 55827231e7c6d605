/**
 * The cloud-node-lifecycle controller (k8s.io/cloud-provider controllers/nodelifecycle): every
 * node monitor period, each Node of this cloud that is not Ready is checked against the cloud;
 * one whose instance no longer exists is deleted ("DeletingNode"), as Kubernetes does when the
 * provider says the machine is gone. Ready nodes are not asked about, as in Kubernetes: a
 * terminated machine stops heartbeating, the node lifecycle controller marks it NotReady within
 * its grace period, and the next check here removes it.
 */
import { ApiError, type Node } from '@orchestra/api';
import type { EventRecorder, Lister, ResourceClient } from '@orchestra/client';
import type { Logger } from '@orchestra/observability';
import { instanceIdOf, type CloudProvider } from '../cloud/cloud-provider';

export const DELETING_NODE_EVENT = 'DeletingNode';

export interface CloudNodeLifecycleOptions {
  nodes: Lister<Node>;
  nodesApi: ResourceClient<Node>;
  cloud: CloudProvider;
  events: EventRecorder;
  logger: Logger;
  periodMs: number;
  isActive?: () => boolean;
}

export function isNodeReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export class CloudNodeLifecycleController {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(private readonly options: CloudNodeLifecycleOptions) {}

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.monitorNodes()
        .catch((error) => this.options.logger.warn('cloud node lifecycle check failed', { error }))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.options.periodMs);
        });
    };
    this.timer = setTimeout(tick, this.options.periodMs);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass over the nodes; returns the names of those deleted. */
  async monitorNodes(): Promise<string[]> {
    const { nodes, cloud, isActive } = this.options;
    if (isActive && !isActive()) return [];
    const deleted: string[] = [];
    for (const node of nodes.list()) {
      if (isNodeReady(node) || node.metadata.deletionTimestamp) continue;
      const providerID = node.spec?.providerID;
      if (!instanceIdOf(providerID)) continue; // another cloud's, or none: not ours to judge
      if (await cloud.instances.instanceByProviderID(providerID!)) continue;
      if (await this.deleteNode(node)) deleted.push(node.metadata.name!);
    }
    return deleted;
  }

  private async deleteNode(node: Node): Promise<boolean> {
    const { nodesApi, events, logger } = this.options;
    const name = node.metadata.name!;
    logger.info('deleting node: its instance does not exist in the cloud provider', {
      node: name,
      providerID: node.spec?.providerID,
    });
    void events.normal(
      node,
      DELETING_NODE_EVENT,
      `Deleting node ${name} because it does not exist in the cloud provider`,
    );
    try {
      await nodesApi.delete(name, undefined, { preconditions: { uid: node.metadata.uid } });
      return true;
    } catch (error) {
      if (error instanceof ApiError && (error.code === 404 || error.code === 409)) return false;
      throw error;
    }
  }
}
