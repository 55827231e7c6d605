/** NodeName (Kubernetes plugins/nodename): a pod with spec.nodeName fits only that node. */
import { Status, type CycleState, type FilterPlugin, type NodeInfo, type PodInfo } from '../../framework';

export const NODE_NAME = 'NodeName';
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

export const fitsNodeName = (pod: PodInfo, node: NodeInfo): boolean =>
  !pod.pod.spec.nodeName || pod.pod.spec.nodeName === node.name;

export class NodeNamePlugin implements FilterPlugin {
  readonly name = NODE_NAME;

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    return fitsNodeName(pod, node) ? Status.success() : Status.unresolvable(ERR_REASON_NODE_NAME);
  }
}
