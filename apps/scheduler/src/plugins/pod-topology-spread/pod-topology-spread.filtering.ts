/**
 * PodTopologySpread's PreFilter/Filter for `whenUnsatisfiable: DoNotSchedule`
 * (Kubernetes podtopologyspread/filtering.go). PreFilter counts matching pods per domain over the
 * nodes that pass the pod's node affinity and carry every topology key; Filter rejects a node when
 * placing the pod there would make (its domain's count + 1) − (the smallest domain's count) > maxSkew.
 */
import type { NodeInfo, PodInfo } from '../../framework';
import { RequiredNodeAffinity } from '../helper/node-selector';
import { countSpreadMatches, nodeHasAllTopologyKeys, type SpreadConstraint } from './spread-constraint';

export interface SpreadFilterState {
  constraints: SpreadConstraint[];
  /** Per constraint: topology value → matching pods in that domain. */
  domainCounts: Map<string, number>[];
  /** Per constraint: the smallest domain count (0 when fewer domains than minDomains). */
  minMatch: number[];
  /** Per constraint: whether the incoming pod itself matches the selector. */
  selfMatch: number[];
}

export function computeSpreadFilterState(
  pod: PodInfo,
  constraints: SpreadConstraint[],
  nodes: readonly NodeInfo[],
): SpreadFilterState {
  const affinity = new RequiredNodeAffinity(pod.pod);
  const namespace = new Set([pod.namespace]);
  const domainCounts = constraints.map(() => new Map<string, number>());
  for (const node of nodes) {
    if (!nodeHasAllTopologyKeys(node, constraints)) continue;
    if (!affinity.empty && !affinity.matches(node.labels, node.name)) continue;
    constraints.forEach((c, i) => {
      const value = node.labels[c.topologyKey];
      const counts = domainCounts[i];
      counts.set(value, (counts.get(value) ?? 0) + countSpreadMatches(node, c, namespace));
    });
  }
  const minMatch = constraints.map((c, i) => {
    const counts = domainCounts[i];
    if (counts.size < c.minDomains) return 0;
    let min = Infinity;
    for (const n of counts.values()) if (n < min) min = n;
    return min === Infinity ? 0 : min;
  });
  const selfMatch = constraints.map((c) => (c.selector.matches(pod.labels) ? 1 : 0));
  return { constraints, domainCounts, minMatch, selfMatch };
}

export type SpreadVerdict = 'fits' | 'missingLabel' | 'skew';

export function checkSpread(state: SpreadFilterState, node: NodeInfo): SpreadVerdict {
  for (let i = 0; i < state.constraints.length; i++) {
    const c = state.constraints[i];
    const value = node.labels[c.topologyKey];
    if (value === undefined) return 'missingLabel';
    const matchNum = state.domainCounts[i].get(value) ?? 0;
    const skew = matchNum + state.selfMatch[i] - state.minMatch[i];
    if (skew > c.maxSkew) return 'skew';
  }
  return 'fits';
}
