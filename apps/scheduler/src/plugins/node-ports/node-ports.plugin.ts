/** NodePorts (Kubernetes plugins/nodeports): a hostPort can be used by one pod per node and protocol. */
import {
  Status,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type PodInfo,
  type PreFilterPlugin,
} from '../../framework';

export const NODE_PORTS = 'NodePorts';
export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

export const fitsPorts = (pod: PodInfo, node: NodeInfo): boolean =>
  node.usedPorts.size === 0 || pod.hostPorts.every((p) => !node.usedPorts.has(p));

export class NodePortsPlugin implements PreFilterPlugin, FilterPlugin {
  readonly name = NODE_PORTS;

  preFilter(_state: CycleState, pod: PodInfo): { status: Status } {
    return { status: pod.hostPorts.length === 0 ? Status.skip() : Status.success() };
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    return fitsPorts(pod, node) ? Status.success() : Status.unschedulable(ERR_REASON_NODE_PORTS);
  }
}
