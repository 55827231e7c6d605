/** The pod garbage collector's API port, carried out with the typed client. */
import { builtinResources, Node, Pod, ResourceDefinition } from '@orchestra/api';
import { ApiClient, ResourceClient } from '@orchestra/client';
import { isNotFound } from '../controller-utils';
import { PodGcApi } from '../podgc/podgc.controller';

const definition = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

export class PodGcApiAdapter implements PodGcApi {
  private readonly pods: ResourceClient<Pod>;
  private readonly nodes: ResourceClient<Node>;

  constructor(client: ApiClient) {
    this.pods = client.resource<Pod>(definition('Pod'));
    this.nodes = client.resource<Node>(definition('Node'));
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

  updatePodStatus(pod: Pod): Promise<Pod> {
    return this.pods.updateStatus(pod);
  }

  async forceDeletePod(namespace: string, name: string, uid: string): Promise<void> {
    await this.pods.delete(name, namespace, { gracePeriodSeconds: 0, preconditions: { uid } });
  }
}
