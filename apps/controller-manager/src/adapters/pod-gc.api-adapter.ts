/** The pod garbage collector's API port, carried out with the typed client. */
import { builtinResources, type Node, type Pod, type ResourceDefinition } from '@orchestra/api';
import type { ApiClient, ResourceClient } from '@orchestra/client';
import { isConflict, isNotFound, rfc3339, systemClock, type Clock } from '../controller-utils';
import type { PodGcApi } from '../podgc/pod-gc.controller';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

export class PodGcApiAdapter implements PodGcApi {
  private readonly nodes: ResourceClient<Node>;
  private readonly pods: ResourceClient<Pod>;

  constructor(
    client: ApiClient,
    private readonly clock: Clock = systemClock,
  ) {
    this.nodes = client.resource<Node>(def('Node'));
    this.pods = client.resource<Pod>(def('Pod'));
  }

  async nodeExists(name: string): Promise<boolean> {
    try {
      await this.nodes.get(name);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async forceDelete(pod: Pod, reason: string, message: string): Promise<void> {
    const { name, namespace, uid } = pod.metadata;
    try {
      // Why it goes, for whoever reads the pod's last state (Kubernetes 1.26+'s DisruptionTarget).
      const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
      conditions.push({
        type: 'DisruptionTarget',
        status: 'True',
        reason,
        message,
        lastTransitionTime: rfc3339(this.clock.now()),
      });
      await this.pods.updateStatus({ ...pod, status: { ...pod.status, conditions } });
    } catch (error) {
      // Best effort: the deletion below is what matters.
      if (!isConflict(error) && !isNotFound(error)) throw error;
    }
    await this.pods.delete(name!, namespace, { gracePeriodSeconds: 0, preconditions: { uid } });
  }
}
