/** The node lifecycle and taint eviction controllers' API port, carried out with the typed client. */
import { builtinResources, Node, Pod, ResourceDefinition, sameTaint, Taint } from '@orchestra/api';
import { ApiClient, ResourceClient } from '@orchestra/client';
import { isConflict, isNotFound, rfc3339, systemClock, type Clock } from '../controller-utils';
import { NodeLifecycleApi } from '../node-lifecycle/node-lifecycle-api.port';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
/** Attempts of a read-modify-write before giving up (Kubernetes' NodeStatusUpdateRetry). */
const attempts = 5;

export class NodeLifecycleApiAdapter implements NodeLifecycleApi {
  private readonly nodes: ResourceClient<Node>;
  private readonly pods: ResourceClient<Pod>;

  constructor(
    client: ApiClient,
    private readonly clock: Clock = systemClock,
  ) {
    this.nodes = client.resource<Node>(def('Node'));
    this.pods = client.resource<Pod>(def('Pod'));
  }

  updateNodeStatus(node: Node): Promise<Node> {
    return this.nodes.updateStatus(node);
  }

  getNode(name: string): Promise<Node> {
    return this.nodes.get(name);
  }

  async swapNodeTaints(name: string, add: Taint[], remove: Taint[]): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      let node: Node;
      try {
        node = await this.nodes.get(name);
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
      const current = node.spec?.taints ?? [];
      const kept = current.filter((t) => !remove.some((r) => sameTaint(r, t)));
      const added = add
        .filter((a) => !kept.some((t) => sameTaint(a, t)))
        .map((a) => (a.effect === 'NoExecute' ? { ...a, timeAdded: rfc3339(this.clock.now()) } : a));
      if (added.length === 0 && kept.length === current.length) return true;
      const taints = [...kept, ...added];
      try {
        await this.nodes.update({
          ...node,
          spec: { ...node.spec, taints: taints.length ? taints : undefined },
        });
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        if (!isConflict(error) || attempt >= attempts) throw error;
      }
    }
  }

  updatePodStatus(pod: Pod): Promise<Pod> {
    return this.pods.updateStatus(pod);
  }

  async evictPod(namespace: string, name: string, uid: string | undefined): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        const pod = await this.pods.get(name, namespace);
        if (uid && pod.metadata.uid !== uid) return false; // a new pod of the same name
        const conditions = pod.status?.conditions ?? [];
        if (!conditions.some((c) => c.type === 'DisruptionTarget' && c.status === 'True')) {
          const disruption = {
            type: 'DisruptionTarget',
            status: 'True' as const,
            reason: 'DeletionByTaintManager',
            message: 'Taint manager: deleting due to NoExecute taint',
            lastTransitionTime: rfc3339(this.clock.now()),
          };
          const others = conditions.filter((c) => c.type !== 'DisruptionTarget');
          await this.pods.updateStatus({
            ...pod,
            status: { ...pod.status, conditions: [...others, disruption] },
          });
        }
        await this.pods.delete(name, namespace, { preconditions: uid ? { uid } : undefined });
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        if (!isConflict(error) || attempt >= attempts) throw error;
      }
    }
  }
}
