/**
 * Taint nodes by condition (doNoScheduleTaintingPass in node_lifecycle_controller.go): a node
 * whose Ready condition is Unknown gets `node.kubernetes.io/unreachable:NoSchedule`, False
 * `not-ready:NoSchedule`, MemoryPressure/DiskPressure/PIDPressure/NetworkUnavailable True their
 * own, and a cordoned node `unschedulable:NoSchedule`; each goes when its cause does. So the
 * scheduler places nothing new on a node whatever its pods tolerate for eviction.
 */
import {
  conditionTaints,
  controllerNoScheduleTaintKeys,
  Node,
  sameTaint,
  Taint,
  TAINT_NODE_UNSCHEDULABLE,
} from '@orchestra/api';
import type { Lister } from '@orchestra/client';
import type { ReconcileResult, Reconciler } from '@orchestra/queues';
import type { NodeLifecycleApi } from './node-lifecycle-api.port';

/** The NoSchedule taints the node's conditions and spec call for. */
export function wantedNoScheduleTaints(node: Node): Taint[] {
  const taints: Taint[] = [];
  for (const condition of node.status?.conditions ?? []) {
    const key = conditionTaints[condition.type]?.[condition.status];
    if (key) taints.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) taints.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
  return taints;
}

export class NoScheduleTaintReconciler implements Reconciler {
  readonly name = 'node-lifecycle';

  constructor(
    private readonly nodes: Lister<Node>,
    private readonly api: Pick<NodeLifecycleApi, 'swapNodeTaints'>,
  ) {}

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const node = this.nodes.get(key);
    if (!node) return;
    const wanted = wantedNoScheduleTaints(node);
    const current = (node.spec?.taints ?? []).filter(
      (t) => t.effect === 'NoSchedule' && controllerNoScheduleTaintKeys.has(t.key),
    );
    const add = wanted.filter((w) => !current.some((c) => sameTaint(c, w)));
    const remove = current.filter((c) => !wanted.some((w) => sameTaint(c, w)));
    if (add.length === 0 && remove.length === 0) return;
    await this.api.swapNodeTaints(key, add, remove);
  }
}
