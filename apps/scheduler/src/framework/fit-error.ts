/**
 * Why a pod fits no node (Kubernetes `framework.FitError` and `Diagnosis`). Its message is
 * Kubernetes' own, so `kubectl describe pod` reads the same: the reasons of every rejected node,
 * counted, formatted `<count> <reason>` and sorted as strings, e.g.
 * `0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: },
 * 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling,
 * 2 No preemption victims found for incoming pod..` (the double period is Kubernetes' too).
 */
import type { NodeToStatus } from './plugin.interfaces';
import type { Status } from './status';

export interface Diagnosis {
  /** The status of every node Filter rejected, by node name. */
  nodeToStatus: NodeToStatus;
  /** The status of the nodes absent from nodeToStatus (a PreFilter result excluded them). */
  absentNodesStatus?: Status;
  /** Plugins that rejected the pod: the queue retries it when an event could change their mind. */
  unschedulablePlugins: Set<string>;
  /** Set when a PreFilter plugin rejected the pod outright. */
  preFilterMsg?: string;
  /** The PostFilter (preemption) outcome. */
  postFilterMsg?: string;
}

export const emptyDiagnosis = (): Diagnosis => ({ nodeToStatus: new Map(), unschedulablePlugins: new Set() });

export class FitError extends Error {
  override name = 'FitError';

  constructor(
    readonly podKey: string,
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {
    super('');
    this.message = fitErrorMessage(numAllNodes, diagnosis);
  }
}

/** Kubernetes' `FitError.Error()`: "0/X nodes are available: <PreFilterMsg>. <FilterMsg>. <PostFilterMsg>". */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg) {
    msg += ` ${d.preFilterMsg}.`;
  } else {
    const histogram = reasonHistogram(d.nodeToStatus, numAllNodes, d.absentNodesStatus);
    if (histogram.length > 0) msg += ` ${histogram.join(', ')}.`;
  }
  if (d.postFilterMsg) msg += ` ${d.postFilterMsg}.`; // Go's SeparatorFormat " %v.", so "..": Kubernetes' own
  return msg;
}

/** `<count> <reason>` per distinct reason over all nodes, sorted as strings (as Go's sort.Strings). */
export function reasonHistogram(nodeToStatus: NodeToStatus, numAllNodes: number, absent?: Status): string[] {
  const counts = new Map<string, number>();
  for (const status of nodeToStatus.values()) {
    for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const absentNodes = numAllNodes - nodeToStatus.size;
  if (absent && absentNodes > 0) {
    for (const reason of absent.reasons) counts.set(reason, (counts.get(reason) ?? 0) + absentNodes);
  }
  return [...counts].map(([reason, n]) => `${n} ${reason}`).sort(byCodeUnits);
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
