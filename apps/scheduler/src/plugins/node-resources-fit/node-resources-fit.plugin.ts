/**
 * NodeResourcesFit (Kubernetes plugins/noderesources/fit.go). Filter: the pod's cpu, memory and
 * pod-count requests must fit in the node's allocatable minus what its pods (bound and assumed)
 * already request. Score: LeastAllocated (default: prefer the emptiest node) or MostAllocated
 * (bin-packing), over cpu and memory with weight 1 each, using non-zero requests.
 */
import {
  Status,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type PodInfo,
  type PreFilterPlugin,
  type ScorePlugin,
} from '../../framework';
import { leastAllocatedScore, mostAllocatedScore } from './resource-allocation.scorer';

export const NODE_RESOURCES_FIT = 'NodeResourcesFit';
export const ERR_REASON_TOO_MANY_PODS = 'Too many pods';
export const ERR_REASON_INSUFFICIENT_CPU = 'Insufficient cpu';
export const ERR_REASON_INSUFFICIENT_MEMORY = 'Insufficient memory';

export type ScoringStrategy = 'LeastAllocated' | 'MostAllocated';

/** Every reason the pod does not fit (empty when it fits), in Kubernetes' order. */
export function insufficientResources(pod: PodInfo, node: NodeInfo): string[] {
  const reasons: string[] = [];
  const req = pod.requests;
  if (node.pods.length + 1 > node.allocatable.pods) reasons.push(ERR_REASON_TOO_MANY_PODS);
  if (req.milliCpu === 0 && req.memory === 0) return reasons;
  if (req.milliCpu > 0 && req.milliCpu > node.allocatable.milliCpu - node.requested.milliCpu) {
    reasons.push(ERR_REASON_INSUFFICIENT_CPU);
  }
  if (req.memory > 0 && req.memory > node.allocatable.memory - node.requested.memory) {
    reasons.push(ERR_REASON_INSUFFICIENT_MEMORY);
  }
  return reasons;
}

export class NodeResourcesFitPlugin implements PreFilterPlugin, FilterPlugin, ScorePlugin {
  readonly name = NODE_RESOURCES_FIT;

  constructor(readonly strategy: ScoringStrategy = 'LeastAllocated') {}

  preFilter(): { status: Status } {
    return { status: Status.success() }; // requests were computed once, in PodInfo
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const reasons = insufficientResources(pod, node);
    return reasons.length === 0 ? Status.success() : Status.unschedulable(...reasons);
  }

  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    return this.strategy === 'MostAllocated' ? mostAllocatedScore(pod, node) : leastAllocatedScore(pod, node);
  }
}
