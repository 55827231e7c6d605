/**
 * Reports node status (kubelet_node_status.go updateNodeStatus): conditions with a fresh
 * lastHeartbeatTime every status interval (lastTransitionTime only moves when a condition's
 * status does; a simulated node's conditions never change after registration). Also lists
 * the images present on the node (`status.images`), as `kubectl describe node` shows them.
 *
 * Written as a compare-and-swap (PUT nodes/{name}/status with the resourceVersion of the node as
 * this reporter last read or wrote it): a report made from a stale copy, e.g. the first one after
 * a partition during which the node lifecycle controller marked the node Unknown, is rejected
 * with 409 Conflict; the reporter then reads the node again and writes once more.
 */
import type { Node, ResourceDefinition } from '@orchestra/api';
import { ApiError, builtinResources } from '@orchestra/api';
import type { ApiClient, ResourceClient } from '@orchestra/client';
import type { Logger } from '@orchestra/observability';
import { nodeConditions } from './node-conditions';
import { jittered, spreadStart } from './jitter';

const nodesDef = builtinResources.find((d) => d.kind === 'Node') as ResourceDefinition;

/** metav1.Time: RFC 3339 in whole seconds. */
export const kubeTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class NodeStatusReporter {
  private readonly nodes: ResourceClient<Node>;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  /** The node as last read or written: the base (and resourceVersion) of the next report. */
  private current?: Node;

  constructor(
    client: ApiClient,
    private readonly nodeName: string,
    private readonly intervalMs: number,
    /** Image references present on the node, newest last. */
    private readonly images: () => string[],
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.nodes = client.resource<Node>(nodesDef);
  }

  /** The first report was part of registration: the next one is due after one interval. */
  start(): void {
    this.stopped = false;
    const tick = () => {
      void this.report()
        .catch((error) => this.logger.warn('failed to update node status', { node: this.nodeName, error }))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, jittered(this.intervalMs));
        });
    };
    this.timer = setTimeout(tick, spreadStart(this.intervalMs));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  async report(): Promise<Node> {
    try {
      return await this.write(this.current ?? (await this.nodes.get(this.nodeName)));
    } catch (error) {
      this.current = undefined;
      if (!(error instanceof ApiError && error.code === 409)) throw error;
      this.logger.warn('node status write rejected as stale (409 Conflict); reading the node again', {
        node: this.nodeName,
      });
      return this.write(await this.nodes.get(this.nodeName));
    }
  }

  private async write(base: Node): Promise<Node> {
    const images = this.images().map((ref) => ({ names: [ref] }));
    const status = {
      ...base.status,
      conditions: nodeConditions(base.status?.conditions, kubeTime(this.now())),
      ...(images.length ? { images } : {}),
    };
    this.current = await this.nodes.updateStatus({ ...base, status });
    return this.current;
  }
}
