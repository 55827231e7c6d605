/**
 * DefaultPreemption, as a stub: Kubernetes' PostFilter looks for lower-priority pods to evict so
 * the pod fits. Orchestra does not preempt (out of scope for now), so it reports what Kubernetes
 * reports when no victims exist, which is the case for pods of equal priority: a node rejected as
 * unresolvable (a taint, a node selector) is one where preemption cannot help, any other rejected
 * node one with no victims, e.g.
 * `preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`
 * (and the fit error adds its own `.` after it, as Kubernetes' does).
 */
import {
  Code,
  fitErrorMessage,
  Status,
  type CycleState,
  type NodeToStatus,
  type PodInfo,
  type PostFilterPlugin,
} from '../../framework';

export const DEFAULT_PREEMPTION = 'DefaultPreemption';
export const ERR_REASON_PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const ERR_REASON_NO_VICTIMS = 'No preemption victims found for incoming pod';

export function preemptionMessage(numAllNodes: number, filtered: NodeToStatus = new Map()): string {
  const nodeToStatus: NodeToStatus = new Map();
  for (const [node, status] of filtered) {
    // nodesWherePreemptionMightHelp: unresolvable nodes are left out (counted as "not helpful").
    if (status.code !== Code.UnschedulableAndUnresolvable)
      nodeToStatus.set(node, Status.unresolvable(ERR_REASON_NO_VICTIMS));
  }
  const diagnosis = {
    nodeToStatus,
    absentNodesStatus: Status.unresolvable(ERR_REASON_PREEMPTION_NOT_HELPFUL),
    unschedulablePlugins: new Set<string>(),
  };
  return `preemption: ${fitErrorMessage(numAllNodes, diagnosis)}`;
}

export class DefaultPreemptionPlugin implements PostFilterPlugin {
  readonly name = DEFAULT_PREEMPTION;

  postFilter(
    _state: CycleState,
    _pod: PodInfo,
    filtered: NodeToStatus,
    numAllNodes: number,
  ): { status: Status } {
    return { status: Status.unschedulable(preemptionMessage(numAllNodes, filtered)) };
  }
}
