/**
 * The default-scheduler profile: Kubernetes' default plugins in their order, with the default
 * score weights (TaintToleration 3; NodeAffinity, PodTopologySpread, InterPodAffinity 2;
 * NodeResourcesFit, NodeResourcesBalancedAllocation 1). Volume and image plugins are not built.
 * The binder is added by the wiring (it calls the apiserver), as is the cache's Reserve step.
 */
import type { ClusterEvent, Plugin, Profile } from '../framework';
import { DefaultPreemptionPlugin } from './default-preemption/default-preemption.plugin';
import { INTER_POD_AFFINITY, InterPodAffinityPlugin } from './inter-pod-affinity/inter-pod-affinity.plugin';
import { NODE_AFFINITY, NodeAffinityPlugin } from './node-affinity/node-affinity.plugin';
import { NODE_NAME, NodeNamePlugin } from './node-name/node-name.plugin';
import { NODE_PORTS, NodePortsPlugin } from './node-ports/node-ports.plugin';
import {
  NODE_RESOURCES_BALANCED_ALLOCATION,
  NodeResourcesBalancedAllocationPlugin,
} from './node-resources-balanced-allocation/node-resources-balanced-allocation.plugin';
import {
  NODE_RESOURCES_FIT,
  NodeResourcesFitPlugin,
  type ScoringStrategy,
} from './node-resources-fit/node-resources-fit.plugin';
import { NODE_UNSCHEDULABLE, NodeUnschedulablePlugin } from './node-unschedulable/node-unschedulable.plugin';
import {
  POD_TOPOLOGY_SPREAD,
  PodTopologySpreadPlugin,
} from './pod-topology-spread/pod-topology-spread.plugin';
import { TAINT_TOLERATION, TaintTolerationPlugin } from './taint-toleration/taint-toleration.plugin';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

export const DEFAULT_SCORE_WEIGHTS: Readonly<Record<string, number>> = {
  [TAINT_TOLERATION]: 3,
  [NODE_AFFINITY]: 2,
  [POD_TOPOLOGY_SPREAD]: 2,
  [INTER_POD_AFFINITY]: 2,
  [NODE_RESOURCES_FIT]: 1,
  [NODE_RESOURCES_BALANCED_ALLOCATION]: 1,
};

export interface DefaultProfileOptions {
  schedulerName?: string;
  scoringStrategy?: ScoringStrategy;
  /** Appended after the defaults: the binder, reserve plugins. */
  extraPlugins?: Plugin[];
  /** Overrides of the default weights. */
  scoreWeights?: Record<string, number>;
}

export function defaultProfile(options: DefaultProfileOptions = {}): Profile {
  const plugins: Plugin[] = [
    new NodeUnschedulablePlugin(),
    new NodeNamePlugin(),
    new TaintTolerationPlugin(),
    new NodeAffinityPlugin(),
    new NodePortsPlugin(),
    new NodeResourcesFitPlugin(options.scoringStrategy),
    new PodTopologySpreadPlugin(),
    new InterPodAffinityPlugin(),
    new DefaultPreemptionPlugin(),
    new NodeResourcesBalancedAllocationPlugin(),
    ...(options.extraPlugins ?? []),
  ];
  return {
    schedulerName: options.schedulerName ?? DEFAULT_SCHEDULER_NAME,
    plugins,
    scoreWeights: { ...DEFAULT_SCORE_WEIGHTS, ...options.scoreWeights },
  };
}

/** Which cluster events can help a pod each plugin rejected (the plugins' EventsToRegister). */
export const DEFAULT_PLUGIN_EVENTS: Readonly<Record<string, readonly ClusterEvent[]>> = {
  [NODE_UNSCHEDULABLE]: ['NodeAdd', 'NodeUpdate'],
  [NODE_NAME]: ['NodeAdd'],
  [TAINT_TOLERATION]: ['NodeAdd', 'NodeUpdate'],
  [NODE_AFFINITY]: ['NodeAdd', 'NodeUpdate'],
  [NODE_PORTS]: ['NodeAdd', 'AssignedPodDelete'],
  [NODE_RESOURCES_FIT]: ['NodeAdd', 'NodeUpdate', 'AssignedPodDelete', 'AssignedPodUpdate'],
  [POD_TOPOLOGY_SPREAD]: [
    'NodeAdd',
    'NodeUpdate',
    'AssignedPodAdd',
    'AssignedPodUpdate',
    'AssignedPodDelete',
  ],
  [INTER_POD_AFFINITY]: ['NodeAdd', 'NodeUpdate', 'AssignedPodAdd', 'AssignedPodUpdate', 'AssignedPodDelete'],
};
