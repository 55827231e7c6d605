/**
 * The Framework with `scheduler_framework_extension_point_duration_seconds` measured around each
 * extension point: the one place where plugin time is observed. Filter runs once per node, so
 * its time is summed over the cycle and observed once (as Kubernetes observes the whole Filter
 * phase of `findNodesThatPassFilters`) when the cycle calls `endCycle`.
 */
import { performance } from 'node:perf_hooks';
import {
  Code,
  Framework,
  Status,
  type CycleState,
  type NodeInfo,
  type NodeToStatus,
  type PluginScores,
  type PodInfo,
  type PostFilterResult,
  type PreFilterResult,
  type Profile,
} from '../framework';
import type { SchedulerMetrics } from './scheduler.metrics';

export class InstrumentedFramework extends Framework {
  private filterMs = 0;
  private filterCalls = 0;
  private filterStatus: Code = Code.Success;

  constructor(
    profile: Profile,
    private readonly metrics: SchedulerMetrics,
  ) {
    super(profile);
  }

  override runPreFilterPlugins(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
  ): { status: Status; result?: PreFilterResult; resultPlugins?: string[] } {
    const start = performance.now();
    const out = super.runPreFilterPlugins(state, pod, nodes);
    this.observe('PreFilter', out.status, start);
    return out;
  }

  override runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const start = performance.now();
    const status = super.runFilterPlugins(state, pod, node);
    this.filterMs += performance.now() - start;
    this.filterCalls++;
    if (status.code === Code.Error) this.filterStatus = Code.Error;
    return status;
  }

  override runPostFilterPlugins(
    state: CycleState,
    pod: PodInfo,
    filtered: NodeToStatus,
    numAllNodes: number,
  ): { status: Status; result?: PostFilterResult } {
    const start = performance.now();
    const out = super.runPostFilterPlugins(state, pod, filtered, numAllNodes);
    this.observe('PostFilter', out.status, start);
    return out;
  }

  override runPreScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status {
    const start = performance.now();
    const status = super.runPreScorePlugins(state, pod, nodes);
    this.observe('PreScore', status, start);
    return status;
  }

  override runScorePlugins(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
  ): PluginScores | Status {
    const start = performance.now();
    const out = super.runScorePlugins(state, pod, nodes);
    this.observe('Score', out instanceof Status ? out : Status.success(), start);
    return out;
  }

  override runReservePluginsReserve(state: CycleState, pod: PodInfo, nodeName: string): Status {
    const start = performance.now();
    const status = super.runReservePluginsReserve(state, pod, nodeName);
    this.observe('Reserve', status, start);
    return status;
  }

  override async runBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status> {
    const start = performance.now();
    const status = await super.runBindPlugins(state, pod, nodeName);
    this.observe('Bind', status, start);
    return status;
  }

  /** Observes the cycle's summed Filter time; call once after every scheduling cycle. */
  endCycle(): void {
    if (this.filterCalls > 0) {
      this.metrics.extensionPointDuration.observe(
        { extension_point: 'Filter', profile: this.schedulerName, status: this.filterStatus },
        this.filterMs / 1000,
      );
    }
    this.filterMs = 0;
    this.filterCalls = 0;
    this.filterStatus = Code.Success;
  }

  private observe(extensionPoint: string, status: Status, startMs: number): void {
    this.metrics.extensionPointDuration.observe(
      { extension_point: extensionPoint, profile: this.schedulerName, status: status.code },
      (performance.now() - startMs) / 1000,
    );
  }
}
