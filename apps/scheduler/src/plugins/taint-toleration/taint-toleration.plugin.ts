/**
 * TaintToleration (Kubernetes plugins/tainttoleration). Filter: the pod must tolerate every
 * NoSchedule and NoExecute taint. Score: fewer untolerated PreferNoSchedule taints is better
 * (the count, normalized reversed).
 */
import type { Taint, Toleration } from '@orchestra/api';
import {
  MAX_NODE_SCORE,
  Status,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type NodeScore,
  type PodInfo,
  type PreScorePlugin,
  type ScorePlugin,
} from '../../framework';
import { defaultNormalizeScore } from '../helper/normalize-score';
import { findUntoleratedTaint, tolerationsTolerateTaint } from '../helper/toleration';

export const TAINT_TOLERATION = 'TaintToleration';
/** Kubernetes' reason: `node(s) had untolerated taint {key: value}`. */
export const errReasonUntoleratedTaint = (taint: Taint): string =>
  `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;

const PRE_SCORE_KEY = `PreScore${TAINT_TOLERATION}`;
const isScheduling = (t: Taint): boolean => t.effect === 'NoSchedule' || t.effect === 'NoExecute';

/** PreferNoSchedule taints of the node that none of these tolerations tolerate. */
export function countIntolerablePreferNoSchedule(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): number {
  let n = 0;
  for (const taint of taints) {
    if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, taint)) n++;
  }
  return n;
}

export class TaintTolerationPlugin implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = TAINT_TOLERATION;

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    if (node.taints.length === 0) return Status.success();
    const taint = findUntoleratedTaint(node.taints, pod.tolerations, isScheduling);
    return taint ? Status.unresolvable(errReasonUntoleratedTaint(taint)) : Status.success();
  }

  preScore(state: CycleState, pod: PodInfo): Status {
    // Only tolerations that can tolerate PreferNoSchedule matter (an empty effect means all effects).
    const tolerations = pod.tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    state.write(PRE_SCORE_KEY, tolerations);
    return Status.success();
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    if (node.taints.length === 0) return 0;
    const tolerations = state.read<Toleration[]>(PRE_SCORE_KEY) ?? pod.tolerations;
    return countIntolerablePreferNoSchedule(node.taints, tolerations);
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: NodeScore[]): Status {
    return defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
  }
}
