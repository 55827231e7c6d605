/**
 * Kubernetes noderesources `least_allocated.go` / `most_allocated.go`: per resource,
 * the free (or used) share of allocatable after placing the pod, times 100, averaged over cpu
 * and memory (weight 1 each), in integer arithmetic. Uses non-zero requests, as Kubernetes does.
 */
import { MAX_NODE_SCORE, type NodeInfo, type PodInfo } from '../../framework';

function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

function mostRequested(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) return MAX_NODE_SCORE; // overcommitted: treat as full
  return Math.trunc((requested * MAX_NODE_SCORE) / capacity);
}

function allocationScore(pod: PodInfo, node: NodeInfo, per: (req: number, cap: number) => number): number {
  const cpu = per(node.nonZeroRequested.milliCpu + pod.nonZeroRequests.milliCpu, node.allocatable.milliCpu);
  const memory = per(node.nonZeroRequested.memory + pod.nonZeroRequests.memory, node.allocatable.memory);
  return Math.trunc((cpu + memory) / 2);
}

export const leastAllocatedScore = (pod: PodInfo, node: NodeInfo): number =>
  allocationScore(pod, node, leastRequested);
export const mostAllocatedScore = (pod: PodInfo, node: NodeInfo): number =>
  allocationScore(pod, node, mostRequested);
