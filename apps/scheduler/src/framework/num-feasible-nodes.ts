/**
 * How many feasible nodes a cycle looks for before it stops filtering (Kubernetes
 * `numFeasibleNodesToFind`, the `percentageOfNodesToScore` setting). Small clusters are searched
 * completely; large ones adaptively: 50% − 1% per 125 nodes, at least 5%, and never fewer than
 * 100 nodes, so a 5,000-node cluster scores 500 nodes and a 500-node cluster 230.
 */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
export const DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE = 0; // 0: adaptive
const BASE_PERCENTAGE_OF_NODES_TO_SCORE = 50;

export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage <= 0) {
    percentage = BASE_PERCENTAGE_OF_NODES_TO_SCORE - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND)
      percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  if (percentage >= 100) return numAllNodes;
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}
