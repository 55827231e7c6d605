/**
 * InterPodAffinity (Kubernetes plugins/interpodaffinity): required and preferred pod affinity and
 * anti-affinity over topology domains, including the anti-affinity of pods already running.
 */
import {
  MAX_NODE_SCORE,
  Status,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type NodeScore,
  type PodInfo,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from '../../framework';
import { minMaxNormalizeScore } from '../helper/normalize-score';
import {
  computeFilterState,
  satisfiesExistingPodsAntiAffinity,
  satisfiesPodAffinity,
  satisfiesPodAntiAffinity,
  type InterPodAffinityFilterState,
} from './inter-pod-affinity.filtering';
import { computeTopologyScore } from './inter-pod-affinity.scoring';
import type { TopologyCounts } from './topology-counts';

export const INTER_POD_AFFINITY = 'InterPodAffinity';
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH =
  "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

const PRE_FILTER_KEY = `PreFilter${INTER_POD_AFFINITY}`;
const PRE_SCORE_KEY = `PreScore${INTER_POD_AFFINITY}`;

export class InterPodAffinityPlugin implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = INTER_POD_AFFINITY;

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): { status: Status } {
    const withAnti = state.snapshot.havePodsWithRequiredAntiAffinityList();
    const hasTerms = pod.requiredAffinityTerms.length > 0 || pod.requiredAntiAffinityTerms.length > 0;
    if (!hasTerms && withAnti.length === 0) return { status: Status.skip() };
    state.write(PRE_FILTER_KEY, computeFilterState(pod, nodes, withAnti));
    return { status: Status.success() };
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const s = state.read<InterPodAffinityFilterState>(PRE_FILTER_KEY);
    if (!s) return Status.error(`reading "${PRE_FILTER_KEY}" from cycle state: not found`);
    if (!satisfiesPodAffinity(s, pod, node)) return Status.unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
    if (!satisfiesPodAntiAffinity(s, pod, node))
      return Status.unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
    if (!satisfiesExistingPodsAntiAffinity(s, node)) {
      return Status.unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
    }
    return Status.success();
  }

  preScore(state: CycleState, pod: PodInfo): Status {
    const withAffinity = state.snapshot.havePodsWithAffinityList();
    const preferred = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
    if (!preferred && withAffinity.length === 0) return Status.skip();
    const scores = computeTopologyScore(pod, state.snapshot.list(), withAffinity);
    if (scores.empty) return Status.skip();
    state.write(PRE_SCORE_KEY, scores);
    return Status.success();
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    return state.read<TopologyCounts>(PRE_SCORE_KEY)?.sumFor(node.labels) ?? 0;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: NodeScore[]): Status {
    return minMaxNormalizeScore(MAX_NODE_SCORE, scores);
  }
}
