/**
 * InterPodAffinity's PreFilter/Filter (Kubernetes interpodaffinity/filtering.go). PreFilter counts,
 * per topology domain, the existing pods that (a) match the incoming pod's required affinity terms,
 * (b) match its required anti-affinity terms, and (c) have required anti-affinity terms that match
 * the incoming pod. Filter then checks the node's domains against those counts.
 */
import { anyTermMatch, countTermMatches, type NodeInfo, type PodInfo } from '../../framework';
import { TopologyCounts } from './topology-counts';

export interface InterPodAffinityFilterState {
  /** (c): domains where an existing pod's anti-affinity forbids the incoming pod. */
  existingAntiAffinityCounts: TopologyCounts;
  /** (a): domains with pods matching all of the incoming pod's affinity terms. */
  affinityCounts: TopologyCounts;
  /** (b): domains with pods matching one of the incoming pod's anti-affinity terms. */
  antiAffinityCounts: TopologyCounts;
}

export function computeFilterState(
  pod: PodInfo,
  allNodes: readonly NodeInfo[],
  nodesWithRequiredAntiAffinity: readonly NodeInfo[],
): InterPodAffinityFilterState {
  const existingAntiAffinityCounts = new TopologyCounts();
  for (const node of nodesWithRequiredAntiAffinity) {
    for (const existing of node.podsWithRequiredAntiAffinity) {
      for (const term of existing.requiredAntiAffinityTerms) {
        const value = node.labels[term.topologyKey];
        if (value !== undefined && term.matches(pod.namespace, pod.labels)) {
          existingAntiAffinityCounts.add(term.topologyKey, value, 1);
        }
      }
    }
  }
  const affinityCounts = new TopologyCounts();
  const antiAffinityCounts = new TopologyCounts();
  const affinity = pod.requiredAffinityTerms;
  const anti = pod.requiredAntiAffinityTerms;
  if (affinity.length > 0 || anti.length > 0) {
    for (const node of allNodes) {
      if (node.pods.length === 0) continue;
      if (affinity.length > 0) {
        const n = countPodsMatchingAll(node, pod);
        for (const term of affinity) {
          const value = node.labels[term.topologyKey];
          if (value !== undefined) affinityCounts.add(term.topologyKey, value, n);
        }
      }
      for (const term of anti) {
        const value = node.labels[term.topologyKey];
        if (value !== undefined)
          antiAffinityCounts.add(term.topologyKey, value, countTermMatches(node, term));
      }
    }
  }
  return { existingAntiAffinityCounts, affinityCounts, antiAffinityCounts };
}

/** Pods on the node that match every required affinity term of the incoming pod. */
function countPodsMatchingAll(node: NodeInfo, pod: PodInfo): number {
  const terms = pod.requiredAffinityTerms;
  if (terms.length === 1) return countTermMatches(node, terms[0]);
  if (!terms.every((t) => anyTermMatch(node, t))) return 0;
  let n = 0;
  for (const p of node.pods) if (terms.every((t) => t.matches(p.namespace, p.labels))) n++;
  return n;
}

/** Every affinity term has a matching pod in the node's domain, or (first pod of a group) none anywhere. */
export function satisfiesPodAffinity(
  state: InterPodAffinityFilterState,
  pod: PodInfo,
  node: NodeInfo,
): boolean {
  let podsExist = true;
  for (const term of pod.requiredAffinityTerms) {
    const value = node.labels[term.topologyKey];
    if (value === undefined) return false;
    if (state.affinityCounts.get(term.topologyKey, value) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // No pod matches the terms anywhere: the pod may go first if it matches its own terms.
  return (
    state.affinityCounts.empty && pod.requiredAffinityTerms.every((t) => t.matches(pod.namespace, pod.labels))
  );
}

export function satisfiesPodAntiAffinity(
  state: InterPodAffinityFilterState,
  pod: PodInfo,
  node: NodeInfo,
): boolean {
  for (const term of pod.requiredAntiAffinityTerms) {
    const value = node.labels[term.topologyKey];
    if (value !== undefined && state.antiAffinityCounts.get(term.topologyKey, value) > 0) return false;
  }
  return true;
}

export const satisfiesExistingPodsAntiAffinity = (
  state: InterPodAffinityFilterState,
  node: NodeInfo,
): boolean =>
  state.existingAntiAffinityCounts.empty || !state.existingAntiAffinityCounts.anyPositiveFor(node.labels);
