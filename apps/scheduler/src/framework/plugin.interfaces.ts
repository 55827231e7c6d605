/**
 * The scheduler framework's extension points (Kubernetes kube-scheduler/framework interface.go).
 * A plugin implements the ones it needs; the Framework runs them in order for every pod:
 * PreFilter → Filter (per node) → PostFilter (when no node fits) → PreScore → Score (per node) →
 * NormalizeScore → Reserve → Bind. Plugins never call the apiserver and return Statuses, not throw.
 */
import type { CycleState } from './cycle-state';
import type { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';
import type { Status } from './status';

/** Scores are 0..MAX_NODE_SCORE after normalization. */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

export interface Plugin {
  readonly name: string;
}

export interface NodeScore {
  name: string;
  score: number;
}

export interface PreFilterResult {
  /** When set, only these nodes can fit (e.g. spec.nodeName): Filter runs on them alone. */
  nodeNames?: ReadonlySet<string>;
}

export interface PreFilterPlugin extends Plugin {
  /** Once per cycle, before Filter; Skip means "my Filter has nothing to check for this pod". */
  preFilter(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
  ): { status: Status; result?: PreFilterResult };
}

export interface FilterPlugin extends Plugin {
  /** Whether the pod fits this node; a rejection carries the reasons shown in the FitError. */
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status;
}

/** What Filter concluded per node: the statuses of the plugins that rejected it. */
export type NodeToStatus = Map<string, Status>;

export interface PostFilterResult {
  nominatedNodeName?: string;
}

export interface PostFilterPlugin extends Plugin {
  /** Runs only when no node fits (Kubernetes' DefaultPreemption). */
  postFilter(
    state: CycleState,
    pod: PodInfo,
    filteredNodeStatus: NodeToStatus,
    numAllNodes: number,
  ): { status: Status; result?: PostFilterResult };
}

export interface PreScorePlugin extends Plugin {
  /** Once per cycle, over the feasible nodes; Skip means "my Score has nothing to say". */
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status;
}

export interface ScorePlugin extends Plugin {
  /** A raw score for one feasible node, or an error Status. */
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number | Status;
  /** Maps the raw scores of all feasible nodes onto 0..100, in place. */
  normalizeScore?(state: CycleState, pod: PodInfo, scores: NodeScore[]): Status;
}

export interface ReservePlugin extends Plugin {
  /** The node is chosen: claim what the pod needs (e.g. assume it into the cache). */
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Status;
  /** Undo reserve after a later failure (e.g. the binding was refused). Must not fail. */
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export interface BindPlugin extends Plugin {
  /** Binds the pod (POST pods/{name}/binding); Skip lets the next bind plugin try. */
  bind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status>;
}

type AnyPlugin = Partial<PreFilterPlugin & FilterPlugin & PostFilterPlugin & PreScorePlugin & ScorePlugin> &
  Plugin;

export const isPreFilterPlugin = (p: Plugin): p is PreFilterPlugin =>
  typeof (p as AnyPlugin).preFilter === 'function';
export const isFilterPlugin = (p: Plugin): p is FilterPlugin => typeof (p as AnyPlugin).filter === 'function';
export const isPostFilterPlugin = (p: Plugin): p is PostFilterPlugin =>
  typeof (p as AnyPlugin).postFilter === 'function';
export const isPreScorePlugin = (p: Plugin): p is PreScorePlugin =>
  typeof (p as AnyPlugin).preScore === 'function';
export const isScorePlugin = (p: Plugin): p is ScorePlugin => typeof (p as AnyPlugin).score === 'function';
export const isReservePlugin = (p: Plugin): p is ReservePlugin =>
  typeof (p as Partial<ReservePlugin>).reserve === 'function';
export const isBindPlugin = (p: Plugin): p is BindPlugin =>
  typeof (p as Partial<BindPlugin>).bind === 'function';
