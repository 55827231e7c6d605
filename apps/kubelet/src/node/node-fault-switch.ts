/**
 * The kubelet's side of the node chaos actions: the chaos controller writes an annotation with an
 * end time on the Node (`chaos.orchestra.dev/node-down` or `chaos.orchestra.dev/node-partition`),
 * the kubelet reads its Nodes through an informer, and this switch starts the fault on a node
 * until that time, then ends it by its own timer: a node without power, or cut off from the
 * apiserver, cannot hear the annotation go, and the controller-manager may be gone by then.
 * While the fault lasts the node hears nothing more (its annotation changing included).
 *  - node-down: powered off (see Kubelet.powerOff/powerOn): no heartbeats, containers dead, pods
 *    serving nothing, nothing of the node syncing; back on, everything synced again.
 *  - node-partition: its network to the apiserver cut (see NodeNetwork and Kubelet.partition/heal).
 */
import { parseNodeChaosEnd, type Node } from '@orchestra/api';

/** Until when a Node's annotation says the fault lasts, or undefined (absent, malformed or over). */
export function faultUntil(node: Node, annotation: string, now: number): number | undefined {
  const until = parseNodeChaosEnd(node.metadata.annotations?.[annotation]);
  return until !== undefined && until > now ? until : undefined;
}

export interface FaultActions {
  begin(nodeName: string, until: number): void;
  end(nodeName: string): void;
}

export class NodeFaultSwitch {
  private readonly active = new Map<string, { until: number; timer: NodeJS.Timeout }>();
  /** The last end time served per node: a timer firing a hair early must not start it again. */
  private readonly served = new Map<string, number>();

  constructor(
    private readonly annotation: string,
    private readonly actions: FaultActions,
    private readonly now: () => number = Date.now,
  ) {}

  isOn(nodeName: string): boolean {
    return this.active.has(nodeName);
  }

  /** A Node as the informer has it: starts the fault if its annotation says so (and it is not on). */
  observe(node: Node): void {
    const name = node.metadata.name!;
    if (this.active.has(name)) return; // it hears nothing until its own timer
    const until = faultUntil(node, this.annotation, this.now());
    if (until === undefined || until <= (this.served.get(name) ?? 0)) return;
    const timer = setTimeout(() => this.end(name), until - this.now());
    this.active.set(name, { until, timer });
    this.actions.begin(name, until);
  }

  stop(): void {
    for (const { timer } of this.active.values()) clearTimeout(timer);
    this.active.clear();
  }

  private end(name: string): void {
    this.served.set(name, this.active.get(name)?.until ?? 0);
    this.active.delete(name);
    this.actions.end(name);
  }
}
