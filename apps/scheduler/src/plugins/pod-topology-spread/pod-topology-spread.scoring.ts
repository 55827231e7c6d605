/**
 * PodTopologySpread's PreScore/Score for `whenUnsatisfiable: ScheduleAnyway`
 * (Kubernetes podtopologyspread/scoring.go): a node scores the matching pods in its domains,
 * weighted by log(domains + 2); fewer is better, so NormalizeScore reverses. Feasible nodes
 * lacking a topology key are ignored (score 0).
 */
import type { NodeInfo, NodeScore, PodInfo } from '../../framework';
import { MAX_NODE_SCORE } from '../../framework';
import { RequiredNodeAffinity } from '../helper/node-selector';
import {
  countSpreadMatches,
  LABEL_HOSTNAME,
  nodeHasAllTopologyKeys,
  type SpreadConstraint,
} from './spread-constraint';

export interface SpreadScoreState {
  constraints: SpreadConstraint[];
  namespace: ReadonlySet<string>;
  ignoredNodes: Set<string>;
  /** Per constraint: topology value → matching pods (not used for the hostname key). */
  domainCounts: Map<string, number>[];
  /** Per constraint: log(number of domains + 2). */
  weights: number[];
}

export function computeSpreadScoreState(
  pod: PodInfo,
  constraints: SpreadConstraint[],
  feasible: readonly NodeInfo[],
  all: readonly NodeInfo[],
): SpreadScoreState {
  const ignoredNodes = new Set<string>();
  const domainCounts = constraints.map(() => new Map<string, number>());
  let hostDomains = 0;
  for (const node of feasible) {
    if (!nodeHasAllTopologyKeys(node, constraints)) {
      ignoredNodes.add(node.name);
      continue;
    }
    hostDomains++;
    constraints.forEach((c, i) => {
      if (c.topologyKey !== LABEL_HOSTNAME) domainCounts[i].set(node.labels[c.topologyKey], 0);
    });
  }
  const namespace = new Set([pod.namespace]);
  const affinity = new RequiredNodeAffinity(pod.pod);
  for (const node of all) {
    if (node.pods.length === 0 || !nodeHasAllTopologyKeys(node, constraints)) continue;
    if (!affinity.empty && !affinity.matches(node.labels, node.name)) continue;
    constraints.forEach((c, i) => {
      const counts = domainCounts[i];
      const value = node.labels[c.topologyKey];
      if (c.topologyKey === LABEL_HOSTNAME || !counts.has(value)) return;
      counts.set(value, (counts.get(value) ?? 0) + countSpreadMatches(node, c, namespace));
    });
  }
  const weights = constraints.map((c, i) =>
    Math.log((c.topologyKey === LABEL_HOSTNAME ? hostDomains : domainCounts[i].size) + 2),
  );
  return { constraints, namespace, ignoredNodes, domainCounts, weights };
}

export function spreadScore(state: SpreadScoreState, node: NodeInfo): number {
  if (state.ignoredNodes.has(node.name)) return 0;
  let score = 0;
  state.constraints.forEach((c, i) => {
    const value = node.labels[c.topologyKey];
    if (value === undefined) return;
    const count =
      c.topologyKey === LABEL_HOSTNAME
        ? countSpreadMatches(node, c, state.namespace)
        : (state.domainCounts[i].get(value) ?? 0);
    score += count * state.weights[i] + (c.maxSkew - 1);
  });
  return Math.round(score);
}

/** Fewer matching pods is better: MAX × (max + min − score) / max; ignored nodes get 0. */
export function normalizeSpreadScores(state: SpreadScoreState, scores: NodeScore[]): void {
  let min = Infinity;
  let max = 0;
  for (const s of scores) {
    if (state.ignoredNodes.has(s.name)) continue;
    if (s.score < min) min = s.score;
    if (s.score > max) max = s.score;
  }
  for (const s of scores) {
    if (state.ignoredNodes.has(s.name)) s.score = 0;
    else if (max === 0) s.score = MAX_NODE_SCORE;
    else s.score = Math.trunc((MAX_NODE_SCORE * (max + min - s.score)) / max);
  }
}
