/**
 * What the pod garbage collector force-deletes (pkg/controller/podgc gc_controller.go), as pure
 * functions of the pods and nodes it sees:
 *  - orphaned: pods bound to a node that no longer exists. Nobody will ever confirm their stop, so
 *    they would keep their names (a StatefulSet ordinal, an Endpoints address) for ever. A node
 *    missing from the cache is first quarantined (it may be new, or the cache late), then looked
 *    up in the apiserver; only a node that is really gone releases its pods.
 *  - terminating on an out-of-service node: a node an operator tainted
 *    `node.kubernetes.io/out-of-service` (and that is not Ready) will not confirm either.
 *  - unscheduled terminating: a pod being deleted that no node holds.
 * Terminated pods past --terminated-pod-gc-threshold (12500) are not collected here.
 */
import { Condition, Node, Pod } from '@orchestra/api';

export const TAINT_NODE_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

export type PodGcReason = 'orphaned' | 'terminating_out_of_service' | 'terminating_unscheduled';

/** The DisruptionTarget condition an orphaned pod gets before it goes. */
export const orphanedCondition: Omit<Condition, 'lastTransitionTime'> = {
  type: 'DisruptionTarget',
  status: 'True',
  reason: 'DeletionByPodGC',
  message: 'PodGC: node no longer exists',
};

/** The names of nodes pods are bound to that the cache does not have. */
export function missingNodes(pods: readonly Pod[], nodes: readonly Node[]): Set<string> {
  const existing = new Set(nodes.map((n) => n.metadata.name));
  const missing = new Set<string>();
  for (const pod of pods) {
    const node = pod.spec.nodeName;
    if (node && !existing.has(node)) missing.add(node);
  }
  return missing;
}

/**
 * The quarantine (podgc's delaying node queue): when each missing node was first seen missing.
 * Returns the nodes whose quarantine is over (to be looked up), and forgets nodes that are back.
 */
export function quarantineOver(
  quarantine: Map<string, number>,
  missing: ReadonlySet<string>,
  now: number,
  quarantineMs: number,
): string[] {
  for (const node of [...quarantine.keys()]) if (!missing.has(node)) quarantine.delete(node);
  const due: string[] = [];
  for (const node of missing) {
    const since = quarantine.get(node);
    if (since === undefined) quarantine.set(node, now);
    else if (now - since >= quarantineMs) due.push(node);
  }
  return due;
}

export const podsOnNodes = (pods: readonly Pod[], nodes: ReadonlySet<string>): Pod[] =>
  pods.filter((p) => p.spec.nodeName && nodes.has(p.spec.nodeName));

const nodeReady = (node: Node): boolean =>
  node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** gcTerminating: terminating pods on not-Ready nodes tainted out-of-service. */
export function terminatingOutOfService(pods: readonly Pod[], nodes: readonly Node[]): Pod[] {
  const byName = new Map(nodes.map((n) => [n.metadata.name, n]));
  return pods.filter((pod) => {
    if (!pod.metadata.deletionTimestamp || !pod.spec.nodeName) return false;
    const node = byName.get(pod.spec.nodeName);
    return (
      !!node && !nodeReady(node) && (node.spec?.taints ?? []).some((t) => t.key === TAINT_NODE_OUT_OF_SERVICE)
    );
  });
}

/** gcUnscheduledTerminating: terminating pods bound to no node. */
export const unscheduledTerminating = (pods: readonly Pod[]): Pod[] =>
  pods.filter((p) => p.metadata.deletionTimestamp && !p.spec.nodeName);
