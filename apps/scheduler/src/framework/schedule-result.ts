/**
 * What one scheduling cycle decided, with enough detail to explain it (Kubernetes `ScheduleResult`
 * plus the diagnosis it logs): the trace span and the debug log are built from these.
 */
import type { CycleState } from './cycle-state';
import type { FitError } from './fit-error';
import type { NodeToStatus } from './plugin.interfaces';

export interface PluginScore {
  plugin: string;
  /** Normalized (0–100) times the plugin's weight. */
  score: number;
}

/** One candidate node's scores (Kubernetes `NodePluginScores`). */
export interface NodePluginScores {
  name: string;
  totalScore: number;
  scores: PluginScore[];
}

export interface ScheduleResult {
  /** The chosen node. */
  suggestedHost: string;
  /** Nodes Filter ran on (feasible + rejected). */
  evaluatedNodes: number;
  feasibleNodes: number;
  /** Why each rejected node was rejected: plugin and reasons, by node name. */
  filterFailures: NodeToStatus;
  /** The chosen node first, then the best of the rest (empty when only one node was feasible). */
  candidates: NodePluginScores[];
}

export type SchedulingOutcome =
  | { kind: 'Scheduled'; result: ScheduleResult; state: CycleState }
  | {
      kind: 'Unschedulable';
      /** The event message, e.g. `0/3 nodes are available: 3 Insufficient cpu. preemption: …`. */
      message: string;
      fitError?: FitError;
      /** Plugins that rejected the pod: the queue retries it when an event could change their mind. */
      unschedulablePlugins: Set<string>;
      nominatedNodeName?: string;
    }
  | { kind: 'Error'; message: string; plugin?: string };
