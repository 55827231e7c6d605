/**
 * One pod's scheduling cycle (Kubernetes schedule_one.go `schedulingCycle`/`schedulePod`):
 * PreFilter → Filter over nodes until enough feasible ones are found (percentageOfNodesToScore,
 * starting where the last cycle stopped) → PostFilter if none fits → PreScore → Score →
 * NormalizeScore → select the best (random among ties) → assume → Reserve.
 * Synchronous and pure apart from the assume callback; binding is a separate, async step.
 */
import { CycleState } from './cycle-state';
import { emptyDiagnosis, FitError, type Diagnosis } from './fit-error';
import type { Framework } from './framework';
import type { NodeInfo } from './node-info';
import { DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE, numFeasibleNodesToFind } from './num-feasible-nodes';
import type { PodInfo } from './pod-info';
import type { NodePluginScores, ScheduleResult, SchedulingOutcome } from './schedule-result';
import { selectHost, type RandomSource } from './select-host';
import type { NodeInfoLister } from './shared-lister';
import { Code, Status } from './status';

export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';
/** Kubernetes reports the chosen node and the two next best (numberOfHighestScoredNodesToReport). */
export const NODES_TO_REPORT = 3;

/** What the cycle needs from the scheduling cache: Kubernetes' AssumePod / ForgetPod. */
export interface PodAssumer {
  assume(pod: PodInfo, nodeName: string): Status;
  forget(pod: PodInfo): void;
}

export interface SchedulingCycleOptions {
  /** 0 (default) is Kubernetes' adaptive percentage; 1–100 fixes it. */
  percentageOfNodesToScore?: number;
  random?: RandomSource;
  assumer?: PodAssumer;
}

export class SchedulingCycle {
  private nextStartNodeIndex = 0;
  private readonly percentage: number;
  private readonly random: RandomSource;

  constructor(
    readonly framework: Framework,
    private readonly options: SchedulingCycleOptions = {},
  ) {
    this.percentage = options.percentageOfNodesToScore ?? DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE;
    this.random = options.random ?? Math.random;
  }

  /** Schedules the pod against the snapshot; on success the pod is assumed and reserved. */
  run(pod: PodInfo, snapshot: NodeInfoLister): SchedulingOutcome {
    const state = new CycleState(snapshot);
    const out = this.schedulePod(state, pod, snapshot);
    if (out.kind !== 'Scheduled') return out;
    const node = out.result.suggestedHost;
    const assumed = this.options.assumer?.assume(pod, node) ?? Status.success();
    if (!assumed.isSuccess()) return { kind: 'Error', message: assumed.message() };
    const status = this.framework.runReservePluginsReserve(state, pod, node);
    if (!status.isSuccess()) {
      this.framework.runReservePluginsUnreserve(state, pod, node);
      this.options.assumer?.forget(pod);
      return status.code === Code.Error
        ? { kind: 'Error', message: status.message(), plugin: status.plugin }
        : {
            kind: 'Unschedulable',
            message: status.message(),
            unschedulablePlugins: new Set([status.plugin]),
          };
    }
    return out;
  }

  /** The binding cycle's framework part: Bind, and on failure Unreserve and forget the pod. */
  async bind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status> {
    const status = await this.framework.runBindPlugins(state, pod, nodeName);
    if (!status.isSuccess()) {
      this.framework.runReservePluginsUnreserve(state, pod, nodeName);
      this.options.assumer?.forget(pod);
    }
    return status;
  }

  /** Kubernetes `schedulePod`: finds feasible nodes and picks one; no side effects on the cache. */
  schedulePod(state: CycleState, pod: PodInfo, snapshot: NodeInfoLister): SchedulingOutcome {
    const all = snapshot.list();
    if (all.length === 0) {
      return { kind: 'Unschedulable', message: ERR_NO_NODES_AVAILABLE, unschedulablePlugins: new Set() };
    }
    const found = this.findNodesThatFit(state, pod, all, snapshot);
    if ('error' in found)
      return { kind: 'Error', message: found.error.message(), plugin: found.error.plugin };
    const { feasible, diagnosis } = found;
    if (feasible.length === 0) return this.unschedulable(state, pod, all.length, diagnosis);
    const evaluatedNodes = feasible.length + diagnosis.nodeToStatus.size;
    const base = { evaluatedNodes, feasibleNodes: feasible.length, filterFailures: diagnosis.nodeToStatus };
    if (feasible.length === 1) {
      const result: ScheduleResult = { ...base, suggestedHost: feasible[0].name, candidates: [] };
      return { kind: 'Scheduled', result, state };
    }
    const candidates = this.prioritizeNodes(state, pod, feasible);
    if (candidates instanceof Status)
      return { kind: 'Error', message: candidates.message(), plugin: candidates.plugin };
    const result: ScheduleResult = { ...base, suggestedHost: candidates[0].name, candidates };
    return { kind: 'Scheduled', result, state };
  }

  private findNodesThatFit(
    state: CycleState,
    pod: PodInfo,
    all: readonly NodeInfo[],
    snapshot: NodeInfoLister,
  ): { feasible: NodeInfo[]; diagnosis: Diagnosis } | { error: Status } {
    const fw = this.framework;
    const diagnosis = emptyDiagnosis();
    const pre = fw.runPreFilterPlugins(state, pod, all);
    if (pre.status.code === Code.Error) return { error: pre.status };
    if (!pre.status.isSuccess()) {
      diagnosis.preFilterMsg = pre.status.message();
      diagnosis.unschedulablePlugins.add(pre.status.plugin);
      for (const n of all) diagnosis.nodeToStatus.set(n.name, pre.status);
      return { feasible: [], diagnosis };
    }
    let nodes = all;
    const names = pre.result?.nodeNames;
    if (names) {
      nodes = [...names].map((n) => snapshot.get(n)).filter((n): n is NodeInfo => n !== undefined);
      diagnosis.absentNodesStatus = Status.unresolvable(
        `node(s) didn't satisfy plugin(s) [${(pre.resultPlugins ?? []).join(' ')}]`,
      );
    }
    const numToFind = numFeasibleNodesToFind(this.percentage, nodes.length);
    const feasible: NodeInfo[] = [];
    if (nodes.length === 0) return { feasible, diagnosis };
    const start = this.nextStartNodeIndex % nodes.length;
    let processed = 0;
    for (; processed < nodes.length && feasible.length < numToFind; processed++) {
      const node = nodes[(start + processed) % nodes.length];
      const status = fw.runFilterPlugins(state, pod, node);
      if (status.isSuccess()) {
        feasible.push(node);
      } else if (status.code === Code.Error) {
        return { error: status };
      } else {
        diagnosis.nodeToStatus.set(node.name, status);
        diagnosis.unschedulablePlugins.add(status.plugin);
      }
    }
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % all.length;
    return { feasible, diagnosis };
  }

  private unschedulable(
    state: CycleState,
    pod: PodInfo,
    numAllNodes: number,
    diagnosis: Diagnosis,
  ): SchedulingOutcome {
    const post = this.framework.runPostFilterPlugins(state, pod, diagnosis.nodeToStatus, numAllNodes);
    if (post.status.reasons.length > 0) diagnosis.postFilterMsg = post.status.message();
    const fitError = new FitError(pod.key, numAllNodes, diagnosis);
    return {
      kind: 'Unschedulable',
      message: fitError.message,
      fitError,
      unschedulablePlugins: diagnosis.unschedulablePlugins,
      nominatedNodeName: post.result?.nominatedNodeName,
    };
  }

  /** PreScore → Score → selectHost; returns the chosen node first, then the best others. */
  private prioritizeNodes(
    state: CycleState,
    pod: PodInfo,
    feasible: NodeInfo[],
  ): NodePluginScores[] | Status {
    const fw = this.framework;
    const pre = fw.runPreScorePlugins(state, pod, feasible);
    if (!pre.isSuccess()) return pre;
    const scores = fw.runScorePlugins(state, pod, feasible);
    if (scores instanceof Status) return scores;
    const picked = selectHost(scores.totals, NODES_TO_REPORT, this.random);
    return picked.map((i) => ({
      name: feasible[i].name,
      totalScore: scores.totals[i],
      scores: scores.plugins.map((plugin, p) => ({ plugin, score: scores.scores[p][i] })),
    }));
  }
}
