/**
 * NodeResourcesBalancedAllocation (Kubernetes noderesources/balanced_allocation.go): prefers
 * nodes whose cpu and memory would be used in equal shares after placing the pod:
 * score = (1 − standard deviation of the requested/allocatable fractions) × 100.
 * Uses actual requests; a pod that requests nothing is not scored (Skip).
 */
import {
  MAX_NODE_SCORE,
  Status,
  type CycleState,
  type NodeInfo,
  type PodInfo,
  type PreScorePlugin,
  type ScorePlugin,
} from '../../framework';

export const NODE_RESOURCES_BALANCED_ALLOCATION = 'NodeResourcesBalancedAllocation';

export function balancedAllocationScore(pod: PodInfo, node: NodeInfo): number {
  const fractions: number[] = [];
  const add = (requested: number, allocatable: number): void => {
    if (allocatable > 0) fractions.push(Math.min(requested / allocatable, 1));
  };
  add(node.requested.milliCpu + pod.requests.milliCpu, node.allocatable.milliCpu);
  add(node.requested.memory + pod.requests.memory, node.allocatable.memory);
  let std = 0;
  if (fractions.length === 2) {
    std = Math.abs((fractions[0] - fractions[1]) / 2);
  } else if (fractions.length > 2) {
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    std = Math.sqrt(fractions.reduce((a, f) => a + (f - mean) ** 2, 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export class NodeResourcesBalancedAllocationPlugin implements PreScorePlugin, ScorePlugin {
  readonly name = NODE_RESOURCES_BALANCED_ALLOCATION;

  preScore(_state: CycleState, pod: PodInfo): Status {
    return pod.requests.milliCpu === 0 && pod.requests.memory === 0 ? Status.skip() : Status.success();
  }

  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    return balancedAllocationScore(pod, node);
  }
}
