/**
 * NodeAffinity (Kubernetes plugins/nodeaffinity). Filter: the node must match the pod's
 * nodeSelector and one of its required node affinity terms. Score: the sum of the weights of the
 * preferred terms the node matches, normalized so the best node gets 100.
 */
import type { PreferredSchedulingTerm } from './preferred-scheduling-term';
import {
  MAX_NODE_SCORE,
  Status,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type NodeScore,
  type PodInfo,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ScorePlugin,
} from '../../framework';
import { defaultNormalizeScore } from '../helper/normalize-score';
import { RequiredNodeAffinity, termMatches } from '../helper/node-selector';

export const NODE_AFFINITY = 'NodeAffinity';
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";

const PRE_FILTER_KEY = `PreFilter${NODE_AFFINITY}`;
const PRE_SCORE_KEY = `PreScore${NODE_AFFINITY}`;

/** Sum of the weights of the preferred terms this node matches. */
export function preferredScore(terms: readonly PreferredSchedulingTerm[], node: NodeInfo): number {
  let score = 0;
  for (const t of terms)
    if (t.weight !== 0 && termMatches(t.preference, node.labels, node.name)) score += t.weight;
  return score;
}

export class NodeAffinityPlugin implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NODE_AFFINITY;

  preFilter(state: CycleState, pod: PodInfo): { status: Status; result?: PreFilterResult } {
    const required = new RequiredNodeAffinity(pod.pod);
    if (required.empty) return { status: Status.skip() };
    state.write(PRE_FILTER_KEY, required);
    const nodeNames = required.nodeNames();
    return { status: Status.success(), result: nodeNames ? { nodeNames } : undefined };
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const required = state.read<RequiredNodeAffinity>(PRE_FILTER_KEY) ?? new RequiredNodeAffinity(pod.pod);
    return required.matches(node.labels, node.name) ? Status.success() : Status.unresolvable(ERR_REASON_POD);
  }

  preScore(state: CycleState, pod: PodInfo): Status {
    const terms = pod.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    if (terms.length === 0) return Status.skip();
    state.write(PRE_SCORE_KEY, terms);
    return Status.success();
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    return preferredScore(state.read<PreferredSchedulingTerm[]>(PRE_SCORE_KEY) ?? [], node);
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: NodeScore[]): Status {
    return defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
  }
}
