/**
 * chaos instance-terminate: a Node of this cloud annotated `chaos.orchestra.dev/instance-terminate`
 * (by the chaos controller) has its instance terminated, as a user deleting the machine in a
 * cloud console would. From there everything is the ordinary path: the kubelet stops the node,
 * the node lifecycle controller marks it NotReady, cloud-node-lifecycle deletes the Node.
 * Terminating is idempotent, so the annotation seen again (a resync, a restart) does no harm.
 */
import { INSTANCE_TERMINATE_ANNOTATION, type Node } from '@orchestra/api';
import type { EventRecorder, Informer } from '@orchestra/client';
import type { Logger } from '@orchestra/observability';
import { type CloudProvider, instanceIdOf } from '../cloud/cloud-provider';

export class ChaosInstanceTerminator {
  constructor(
    private readonly nodes: Informer<Node>,
    private readonly cloud: CloudProvider,
    private readonly events: EventRecorder,
    private readonly logger: Logger,
  ) {
    const observe = (node: Node) => void this.terminateIfAsked(node);
    nodes.addEventHandler({ onAdd: observe, onUpdate: (_old, node) => observe(node) });
  }

  async terminateIfAsked(node: Node): Promise<boolean> {
    if (node.metadata.annotations?.[INSTANCE_TERMINATE_ANNOTATION] === undefined) return false;
    const id = instanceIdOf(node.spec?.providerID);
    if (!id) return false;
    try {
      const terminated = await this.cloud.instances.terminate(id);
      if (!terminated) return false;
      this.logger.warn('instance terminated (chaos instance-terminate)', {
        node: node.metadata.name,
        instance: id,
      });
      void this.events.warning(
        node,
        'InstanceTerminated',
        `Instance ${id} terminated by chaos instance-terminate; the node is gone once it is NotReady`,
      );
      return true;
    } catch (error) {
      this.logger.warn('chaos instance-terminate failed', { node: node.metadata.name, instance: id, error });
      return false;
    }
  }
}
