/**
 * PodTopologySpread (Kubernetes plugins/podtopologyspread): spreads matching pods evenly over
 * topology domains (zones, nodes, …). DoNotSchedule constraints filter, ScheduleAnyway ones score.
 * Kubernetes' cluster-level default constraints (for pods of Services and ReplicaSets without their
 * own) are not applied.
 */
import {
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
import {
  checkSpread,
  computeSpreadFilterState,
  type SpreadFilterState,
} from './pod-topology-spread.filtering';
import {
  computeSpreadScoreState,
  normalizeSpreadScores,
  spreadScore,
  type SpreadScoreState,
} from './pod-topology-spread.scoring';
import { spreadConstraints } from './spread-constraint';

export const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

const PRE_FILTER_KEY = `PreFilter${POD_TOPOLOGY_SPREAD}`;
const PRE_SCORE_KEY = `PreScore${POD_TOPOLOGY_SPREAD}`;

export class PodTopologySpreadPlugin implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = POD_TOPOLOGY_SPREAD;

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): { status: Status } {
    const constraints = spreadConstraints(pod, 'DoNotSchedule');
    if (constraints.length === 0) return { status: Status.skip() };
    state.write(PRE_FILTER_KEY, computeSpreadFilterState(pod, constraints, nodes));
    return { status: Status.success() };
  }

  filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status {
    const s = state.read<SpreadFilterState>(PRE_FILTER_KEY);
    if (!s) return Status.error(`reading "${PRE_FILTER_KEY}" from cycle state: not found`);
    switch (checkSpread(s, node)) {
      case 'missingLabel':
        return Status.unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
      case 'skew':
        return Status.unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
      default:
        return Status.success();
    }
  }

  preScore(state: CycleState, pod: PodInfo, feasible: readonly NodeInfo[]): Status {
    const constraints = spreadConstraints(pod, 'ScheduleAnyway');
    if (constraints.length === 0) return Status.skip();
    state.write(PRE_SCORE_KEY, computeSpreadScoreState(pod, constraints, feasible, state.snapshot.list()));
    return Status.success();
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const s = state.read<SpreadScoreState>(PRE_SCORE_KEY);
    return s ? spreadScore(s, node) : 0;
  }

  normalizeScore(state: CycleState, _pod: PodInfo, scores: NodeScore[]): Status {
    const s = state.read<SpreadScoreState>(PRE_SCORE_KEY);
    if (s) normalizeSpreadScores(s, scores);
    return Status.success();
  }
}
