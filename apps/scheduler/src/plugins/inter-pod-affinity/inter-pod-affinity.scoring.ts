/**
 * InterPodAffinity's PreScore/Score (Kubernetes interpodaffinity/scoring.go): per topology domain,
 * + weight for each existing pod the incoming pod prefers to be near, − weight for each it prefers
 * to avoid, and the same from the existing pods' point of view (their preferred terms, and their
 * required affinity terms with hardPodAffinityWeight). A node scores the sum over its domains.
 */
import { countTermMatches, type AffinityTerm, type NodeInfo, type PodInfo } from '../../framework';
import { TopologyCounts } from './topology-counts';

/** Kubernetes' default hardPodAffinityWeight. */
export const HARD_POD_AFFINITY_WEIGHT = 1;

export function computeTopologyScore(
  pod: PodInfo,
  allNodes: readonly NodeInfo[],
  nodesWithAffinityPods: readonly NodeInfo[],
): TopologyCounts {
  const scores = new TopologyCounts();
  const incomingHasPreferred =
    pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
  const nodes = incomingHasPreferred ? allNodes : nodesWithAffinityPods;
  for (const node of nodes) {
    if (node.pods.length === 0) continue;
    if (incomingHasPreferred) {
      for (const term of pod.preferredAffinityTerms) addIncoming(scores, node, term, term.weight);
      for (const term of pod.preferredAntiAffinityTerms) addIncoming(scores, node, term, -term.weight);
    }
    for (const existing of node.podsWithAffinity) {
      for (const term of existing.requiredAffinityTerms)
        addExisting(scores, node, pod, term, HARD_POD_AFFINITY_WEIGHT);
      for (const term of existing.preferredAffinityTerms) addExisting(scores, node, pod, term, term.weight);
      for (const term of existing.preferredAntiAffinityTerms)
        addExisting(scores, node, pod, term, -term.weight);
    }
  }
  return scores;
}

function addIncoming(scores: TopologyCounts, node: NodeInfo, term: AffinityTerm, weight: number): void {
  const value = node.labels[term.topologyKey];
  if (value === undefined || weight === 0) return;
  scores.add(term.topologyKey, value, weight * countTermMatches(node, term));
}

function addExisting(
  scores: TopologyCounts,
  node: NodeInfo,
  pod: PodInfo,
  term: AffinityTerm,
  weight: number,
): void {
  const value = node.labels[term.topologyKey];
  if (value === undefined || weight === 0) return;
  if (term.matches(pod.namespace, pod.labels)) scores.add(term.topologyKey, value, weight);
}
