/**
 * NodeUnschedulable (Kubernetes plugins/nodeunschedulable): a cordoned node (spec.unschedulable)
 * takes only pods that tolerate the `node.kubernetes.io/unschedulable:NoSchedule` taint.
 */
import type { Taint } from '@orchestra/api';
import { Status, type CycleState, type FilterPlugin, type NodeInfo, type PodInfo } from '../../framework';
import { tolerationsTolerateTaint } from '../helper/toleration';

export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

const unschedulableTaint: Taint = { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' };

export function fitsUnschedulable(pod: PodInfo, node: NodeInfo): boolean {
  if (!node.node?.spec?.unschedulable) return true;
  return tolerationsTolerateTaint(pod.tolerations, unschedulableTaint);
}

export class NodeUnschedulablePlugin implements FilterPlugin {
  readonly name = NODE_UNSCHEDULABLE;

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    return fitsUnschedulable(pod, node) ? Status.success() : Status.unresolvable(ERR_REASON_UNSCHEDULABLE);
  }
}
