/**
 * What one scheduling cycle decided and why, as one plain object: the debug log line carries it,
 * and the binding's trace span the same, as attributes.
 */
import type { NodePluginScores, PodInfo, SchedulingOutcome } from '../framework';

export interface SchedulingDecision {
  pod: string;
  result: 'scheduled' | 'unschedulable' | 'error';
  node?: string;
  message?: string;
  feasibleNodes?: number;
  evaluatedNodes?: number;
  /** Rejected nodes: the plugin and its reasons, by node name. */
  filterFailures?: Record<string, { plugin: string; reasons: readonly string[] }>;
  /** The chosen node first, then the best others, each with its per-plugin scores. */
  candidates?: NodePluginScores[];
}

export function schedulingDecision(pod: PodInfo, outcome: SchedulingOutcome): SchedulingDecision {
  if (outcome.kind === 'Error') return { pod: pod.key, result: 'error', message: outcome.message };
  if (outcome.kind === 'Unschedulable') {
    const statuses = outcome.fitError?.diagnosis.nodeToStatus;
    return {
      pod: pod.key,
      result: 'unschedulable',
      message: outcome.message,
      ...(statuses ? { filterFailures: failures(statuses) } : {}),
    };
  }
  const r = outcome.result;
  return {
    pod: pod.key,
    result: 'scheduled',
    node: r.suggestedHost,
    feasibleNodes: r.feasibleNodes,
    evaluatedNodes: r.evaluatedNodes,
    filterFailures: failures(r.filterFailures),
    candidates: r.candidates,
  };
}

function failures(
  statuses: ReadonlyMap<string, { plugin: string; reasons: readonly string[] }>,
): SchedulingDecision['filterFailures'] {
  const out: NonNullable<SchedulingDecision['filterFailures']> = {};
  for (const [node, s] of statuses) out[node] = { plugin: s.plugin, reasons: s.reasons };
  return out;
}

/** The decision as span attributes (lists and maps as JSON: attribute values are flat). */
export function decisionAttributes(decision: SchedulingDecision): Record<string, string | number> {
  const attributes: Record<string, string | number> = { 'scheduler.result': decision.result };
  if (decision.node) attributes['scheduler.node'] = decision.node;
  if (decision.feasibleNodes !== undefined) attributes['scheduler.feasible_nodes'] = decision.feasibleNodes;
  if (decision.evaluatedNodes !== undefined)
    attributes['scheduler.evaluated_nodes'] = decision.evaluatedNodes;
  if (decision.filterFailures)
    attributes['scheduler.filter_failures'] = JSON.stringify(decision.filterFailures);
  if (decision.candidates) attributes['scheduler.candidates'] = JSON.stringify(decision.candidates);
  return attributes;
}
