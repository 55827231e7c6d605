/**
 * Runs a profile's plugins at each extension point (Kubernetes `frameworkImpl`, runtime/framework.go).
 * It knows nothing about nodes or pods beyond what it passes along; SchedulingCycle drives it.
 */
import type { CycleState } from './cycle-state';
import type { NodeInfo } from './node-info';
import {
  isBindPlugin,
  isFilterPlugin,
  isPostFilterPlugin,
  isPreFilterPlugin,
  isPreScorePlugin,
  isReservePlugin,
  isScorePlugin,
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
  type BindPlugin,
  type FilterPlugin,
  type NodeScore,
  type NodeToStatus,
  type Plugin,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ReservePlugin,
  type ScorePlugin,
} from './plugin.interfaces';
import type { PodInfo } from './pod-info';
import { Code, Status } from './status';

/** A scheduling profile (KubeSchedulerProfile): the plugins in order, and each scorer's weight. */
export interface Profile {
  schedulerName: string;
  plugins: Plugin[];
  /** Score weight per plugin name; 1 when not given. */
  scoreWeights?: Record<string, number>;
}

export interface WeightedScorePlugin {
  plugin: ScorePlugin;
  weight: number;
}

/** Each scorer's weighted, normalized scores, aligned with the nodes passed to runScorePlugins. */
export interface PluginScores {
  plugins: string[];
  /** scores[p][i]: plugin p's weighted score for node i. */
  scores: number[][];
  /** totals[i]: the sum over plugins for node i. */
  totals: number[];
}

export class Framework {
  readonly schedulerName: string;
  readonly preFilterPlugins: PreFilterPlugin[];
  readonly filterPlugins: FilterPlugin[];
  readonly postFilterPlugins: PostFilterPlugin[];
  readonly preScorePlugins: PreScorePlugin[];
  readonly scorePlugins: WeightedScorePlugin[];
  readonly reservePlugins: ReservePlugin[];
  readonly bindPlugins: BindPlugin[];

  constructor(readonly profile: Profile) {
    const ps = profile.plugins;
    this.schedulerName = profile.schedulerName;
    this.preFilterPlugins = ps.filter(isPreFilterPlugin);
    this.filterPlugins = ps.filter(isFilterPlugin);
    this.postFilterPlugins = ps.filter(isPostFilterPlugin);
    this.preScorePlugins = ps.filter(isPreScorePlugin);
    this.scorePlugins = ps
      .filter(isScorePlugin)
      .map((plugin) => ({ plugin, weight: profile.scoreWeights?.[plugin.name] ?? 1 }))
      .filter((s) => s.weight > 0);
    this.reservePlugins = ps.filter(isReservePlugin);
    this.bindPlugins = ps.filter(isBindPlugin);
  }

  /** PreFilter: the first rejection or error stops the cycle; node-name results are intersected. */
  runPreFilterPlugins(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
  ): { status: Status; result?: PreFilterResult; resultPlugins?: string[] } {
    let merged: Set<string> | undefined;
    const resultPlugins: string[] = [];
    for (const pl of this.preFilterPlugins) {
      const { status, result } = pl.preFilter(state, pod, nodes);
      if (status.isSkip()) {
        state.skipFilterPlugins.add(pl.name);
        continue;
      }
      if (!status.isSuccess()) return { status: status.withPlugin(pl.name) };
      if (result?.nodeNames) {
        resultPlugins.push(pl.name);
        merged = merged
          ? new Set([...merged].filter((n) => result.nodeNames?.has(n)))
          : new Set(result.nodeNames);
      }
    }
    if (!merged) return { status: Status.success() };
    return { status: Status.success(), result: { nodeNames: merged }, resultPlugins };
  }

  /** Filter on one node: the first plugin that rejects it decides (as Kubernetes without RunAllFilters). */
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    for (const pl of this.filterPlugins) {
      if (state.skipFilterPlugins.size > 0 && state.skipFilterPlugins.has(pl.name)) continue;
      const status = pl.filter(state, pod, node);
      if (!status.isSuccess()) return status.withPlugin(pl.name);
    }
    return Status.success();
  }

  /** PostFilter: the first plugin that does not return Unschedulable decides. */
  runPostFilterPlugins(
    state: CycleState,
    pod: PodInfo,
    filtered: NodeToStatus,
    numAllNodes: number,
  ): { status: Status; result?: PostFilterResult } {
    const reasons: string[] = [];
    for (const pl of this.postFilterPlugins) {
      const out = pl.postFilter(state, pod, filtered, numAllNodes);
      if (out.status.isSuccess() || out.status.code === Code.Error) {
        return { status: out.status.withPlugin(pl.name), result: out.result };
      }
      reasons.push(...out.status.reasons);
    }
    return { status: new Status(Code.Unschedulable, reasons) };
  }

  runPreScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status {
    for (const pl of this.preScorePlugins) {
      const status = pl.preScore(state, pod, nodes);
      if (status.isSkip()) state.skipScorePlugins.add(pl.name);
      else if (!status.isSuccess()) return status.withPlugin(pl.name);
    }
    return Status.success();
  }

  /** Score → NormalizeScore → weight, per plugin; returns the scores or the first error. */
  runScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PluginScores | Status {
    const out: PluginScores = { plugins: [], scores: [], totals: new Array<number>(nodes.length).fill(0) };
    for (const { plugin, weight } of this.scorePlugins) {
      if (state.skipScorePlugins.has(plugin.name)) continue;
      const list: NodeScore[] = new Array(nodes.length);
      for (let i = 0; i < nodes.length; i++) {
        const s = plugin.score(state, pod, nodes[i]);
        if (typeof s !== 'number') return s.withPlugin(plugin.name);
        list[i] = { name: nodes[i].name, score: s };
      }
      if (plugin.normalizeScore) {
        const status = plugin.normalizeScore(state, pod, list);
        if (!status.isSuccess()) return status.withPlugin(plugin.name);
      }
      const weighted = new Array<number>(nodes.length);
      for (let i = 0; i < list.length; i++) {
        const s = list[i].score;
        if (!(s >= MIN_NODE_SCORE && s <= MAX_NODE_SCORE)) {
          return Status.error(
            `plugin "${plugin.name}" returns an invalid score ${s} for node "${list[i].name}"`,
          );
        }
        weighted[i] = s * weight;
        out.totals[i] += weighted[i];
      }
      out.plugins.push(plugin.name);
      out.scores.push(weighted);
    }
    return out;
  }

  /** Reserve in order; on a failure, the plugins are unreserved in reverse (Kubernetes does all). */
  runReservePluginsReserve(state: CycleState, pod: PodInfo, nodeName: string): Status {
    for (const pl of this.reservePlugins) {
      const status = pl.reserve(state, pod, nodeName);
      if (!status.isSuccess()) return status.withPlugin(pl.name);
    }
    return Status.success();
  }

  runReservePluginsUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (let i = this.reservePlugins.length - 1; i >= 0; i--)
      this.reservePlugins[i].unreserve(state, pod, nodeName);
  }

  /** Bind: the first plugin that does not Skip decides. */
  async runBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status> {
    for (const pl of this.bindPlugins) {
      const status = await pl.bind(state, pod, nodeName);
      if (!status.isSkip()) return status.withPlugin(pl.name);
    }
    return Status.error('no bind plugin bound the pod');
  }
}
