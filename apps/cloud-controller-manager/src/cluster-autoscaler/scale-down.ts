/**
 * The scale-down decision (cluster-autoscaler's ScaleDown, empty nodes only): a node of the
 * group with no pods but DaemonSet and mirror pods is unneeded; one unneeded for the whole
 * unneeded time is removed, one at a time, never below the group's minimum size and not within
 * the delay after a scale-up. Remembers since when each node has been unneeded; the time comes
 * from an injected clock.
 */

export interface ScaleDownCandidate {
  nodeName: string;
  /** Ready and not already being removed. */
  ready: boolean;
  /** Pods on it that are neither DaemonSet nor mirror pods, nor finished. */
  pods: number;
}

export interface ScaleDownInput {
  nodes: ScaleDownCandidate[];
  groupSize: number;
  minSize: number;
  /** When the last scale-up happened (ms), if ever. */
  lastScaleUpAt?: number;
}

export interface ScaleDownTimings {
  unneededMs: number;
  delayAfterAddMs: number;
}

export type ScaleDownDecision =
  | {
      scaleDown: false;
      reason: 'no-unneeded-nodes' | 'not-unneeded-long-enough' | 'min-size-reached' | 'delay-after-add';
    }
  | { scaleDown: true; nodeName: string; unneededForMs: number };

export class ScaleDownPlanner {
  /** Node name → since when it has been unneeded. */
  private readonly unneededSince = new Map<string, number>();

  constructor(
    private readonly timings: ScaleDownTimings,
    private readonly now: () => number,
  ) {}

  /** The nodes unneeded right now (after the last plan), for metrics and tests. */
  unneeded(): string[] {
    return [...this.unneededSince.keys()];
  }

  plan(input: ScaleDownInput): ScaleDownDecision {
    const now = this.now();
    const unneeded = input.nodes.filter((n) => n.ready && n.pods === 0).map((n) => n.nodeName);
    for (const name of [...this.unneededSince.keys()])
      if (!unneeded.includes(name)) this.unneededSince.delete(name);
    for (const name of unneeded) if (!this.unneededSince.has(name)) this.unneededSince.set(name, now);
    if (unneeded.length === 0) return { scaleDown: false, reason: 'no-unneeded-nodes' };
    if (input.groupSize <= input.minSize) return { scaleDown: false, reason: 'min-size-reached' };
    if (input.lastScaleUpAt !== undefined && now - input.lastScaleUpAt < this.timings.delayAfterAddMs)
      return { scaleDown: false, reason: 'delay-after-add' };
    const [longest] = unneeded
      .map((nodeName) => ({ nodeName, unneededForMs: now - this.unneededSince.get(nodeName)! }))
      .sort((a, b) => b.unneededForMs - a.unneededForMs || a.nodeName.localeCompare(b.nodeName));
    if (longest.unneededForMs < this.timings.unneededMs)
      return { scaleDown: false, reason: 'not-unneeded-long-enough' };
    // It goes: its clock starts again should it come back (a failed removal).
    this.unneededSince.delete(longest.nodeName);
    return { scaleDown: true, ...longest };
  }
}
