/**
 * DefaultPreemption, as a stub: Kubernetes' PostFilter would look for lower-priority pods to evict
 * so the pod fits; Orchestra does not preempt (out of scope for now), so it reports, as
 * Kubernetes does when preemption cannot help, that every node is beyond preemption:
 * `preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`
 */
import {
  fitErrorMessage,
  Status,
  type CycleState,
  type NodeToStatus,
  type PodInfo,
  type PostFilterPlugin,
} from '../../framework';

export const DEFAULT_PREEMPTION = 'DefaultPreemption';
export const ERR_REASON_PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';

export function preemptionMessage(numAllNodes: number): string {
  const diagnosis = {
    nodeToStatus: new Map(),
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
    _filtered: NodeToStatus,
    numAllNodes: number,
  ): { status: Status } {
    return { status: Status.unschedulable(preemptionMessage(numAllNodes)) };
  }
}
