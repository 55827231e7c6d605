/**
 * The DaemonSet controller's decisions (pkg/controller/daemon/daemon_controller.go manage,
 * podsShouldBeOnNode, updateDaemonSetStatus; update.go rollingUpdate with maxSurge 0), as pure
 * functions of the DaemonSet, the nodes and the DaemonSet's pods.
 */
import { DaemonSet, DaemonSetStatus, Node, OwnerReference, Pod } from '@orchestra/api';
import { podNamePrefix } from '../controller-utils/name-generator';
import { isPodAvailable, isPodReady } from '../controller-utils/pod-readiness';
import { canonicalJson, computeHash } from '../controller-utils/pod-template-hash';
import { nodeShouldRunDaemonPod, withDaemonPodTolerations } from './daemonset-eligibility';

/** The label that tells which template a daemon pod was made from. */
export const controllerRevisionHashLabel = 'controller-revision-hash';

export const daemonSetTemplateHash = (ds: DaemonSet): string => computeHash(ds.spec.template);

/**
 * The node a daemon pod belongs to: its spec.nodeName once bound, else the node its required
 * affinity pins through `matchFields metadata.name In [node]`.
 */
export function daemonPodNodeName(pod: Pod): string | undefined {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  for (const term of terms ?? []) {
    const pin = term.matchFields?.find((f) => f.key === 'metadata.name' && f.operator === 'In');
    if (pin?.values?.length === 1) return pin.values[0];
  }
  return undefined;
}

/**
 * The daemon pod for one node (controller.GetPodFromTemplate + ReplaceDaemonSetPodNodeNameNodeAffinity):
 * the template with the revision hash label, the daemon tolerations, and a required node affinity
 * that names the node, so the default scheduler places it there.
 */
export function daemonPodFor(ds: DaemonSet, nodeName: string, hash: string, ref: OwnerReference): Pod {
  const template = ds.spec.template;
  const meta = template.metadata ?? {};
  const spec = structuredClone(template.spec);
  spec.tolerations = withDaemonPodTolerations(spec.tolerations);
  spec.affinity = {
    ...spec.affinity,
    nodeAffinity: {
      ...spec.affinity?.nodeAffinity,
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
      },
    },
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: podNamePrefix(ds.metadata.name ?? ''),
      namespace: ds.metadata.namespace,
      labels: { ...meta.labels, [controllerRevisionHashLabel]: hash },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ownerReferences: [ref],
    },
    spec,
  };
}

export interface DaemonSetDecision {
  /** Nodes that need a daemon pod. */
  create: string[];
  /** Pods to delete: on nodes that are gone or no longer eligible, duplicates, failed pods, and the old pods a rolling update replaces now. */
  delete: Pod[];
}

const isOld = (pod: Pod, hash: string) => pod.metadata.labels?.[controllerRevisionHashLabel] !== hash;
const createdAt = (pod: Pod) => Date.parse(pod.metadata.creationTimestamp ?? '') || 0;

/** Group the DaemonSet's active pods by the node they are for (unknown nodes included). */
export function podsByNode(pods: readonly Pod[]): Map<string, Pod[]> {
  const byNode = new Map<string, Pod[]>();
  for (const pod of pods) {
    const node = daemonPodNodeName(pod);
    if (node === undefined) continue;
    byNode.set(node, [...(byNode.get(node) ?? []), pod]);
  }
  for (const list of byNode.values()) list.sort((a, b) => createdAt(a) - createdAt(b));
  return byNode;
}

/** maxUnavailable as a number of nodes (a percentage of the desired count, rounded up), at least 1. */
export function maxUnavailableOf(ds: DaemonSet, desired: number): number {
  const strategy = ds.spec.updateStrategy;
  if (strategy?.type === 'OnDelete') return 0;
  const value = strategy?.rollingUpdate?.maxUnavailable ?? 1;
  const n = typeof value === 'string' ? Math.ceil((parseInt(value, 10) * desired) / 100) : value;
  return Math.max(1, Number.isFinite(n) ? n : 1);
}

/**
 * What to create and delete so that every eligible node has exactly one daemon pod of the current
 * template, replacing old pods at most maxUnavailable (unavailable nodes) at a time.
 */
export function manageDaemonSet(
  ds: DaemonSet,
  nodes: readonly Node[],
  pods: readonly Pod[],
  now: number,
): DaemonSetDecision {
  const hash = daemonSetTemplateHash(ds);
  const byNode = podsByNode(pods);
  const create: string[] = [];
  const remove: Pod[] = [];
  const known = new Set<string>();
  // Nodes that run one pod and keep it: the rolling update's candidates.
  const kept: [string, Pod][] = [];
  for (const node of nodes) {
    const name = node.metadata.name ?? '';
    known.add(name);
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
    const onNode = byNode.get(name) ?? [];
    if (!shouldContinueRunning) {
      remove.push(...onNode);
      continue;
    }
    const failed = onNode.filter((p) => p.status?.phase === 'Failed');
    const alive = onNode.filter((p) => p.status?.phase !== 'Failed');
    remove.push(...failed);
    if (alive.length === 0) {
      if (shouldRun) create.push(name);
      continue;
    }
    // Keep the oldest (prefer one of the current template), delete the rest.
    const keep = alive.find((p) => !isOld(p, hash)) ?? alive[0];
    remove.push(...alive.filter((p) => p !== keep));
    kept.push([name, keep]);
  }
  for (const [name, list] of byNode) if (!known.has(name)) remove.push(...list);
  if (ds.spec.updateStrategy?.type !== 'OnDelete')
    remove.push(...rollingUpdateDeletions(ds, kept, create.length, hash, now));
  return { create, delete: remove };
}

/**
 * update.go rollingUpdate (maxSurge 0): old pods that are unavailable anyway go at once; available
 * old pods go only while fewer than maxUnavailable nodes are without an available pod.
 */
function rollingUpdateDeletions(
  ds: DaemonSet,
  kept: readonly [string, Pod][],
  missing: number,
  hash: string,
  now: number,
): Pod[] {
  const available = (p: Pod) => isPodAvailable(p, ds.spec.minReadySeconds, now);
  const desired = kept.length + missing;
  let unavailable = missing;
  const oldUnavailable: Pod[] = [];
  const candidates: Pod[] = [];
  for (const [, pod] of kept) {
    if (!isOld(pod, hash)) {
      if (!available(pod)) unavailable++;
    } else if (!available(pod)) {
      oldUnavailable.push(pod);
      unavailable++;
    } else {
      candidates.push(pod);
    }
  }
  const budget = Math.max(0, maxUnavailableOf(ds, desired) - unavailable);
  return [...oldUnavailable, ...candidates.slice(0, budget)];
}

/** The status updateDaemonSetStatus computes, counted per node from the oldest daemon pod there. */
export function calculateDaemonSetStatus(
  ds: DaemonSet,
  nodes: readonly Node[],
  pods: readonly Pod[],
  now: number,
): DaemonSetStatus {
  const hash = daemonSetTemplateHash(ds);
  const byNode = podsByNode(pods.filter((p) => p.spec.nodeName));
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  for (const node of nodes) {
    const onNode = byNode.get(node.metadata.name ?? '') ?? [];
    const { shouldRun } = nodeShouldRunDaemonPod(node, ds);
    if (!shouldRun) {
      if (onNode.length > 0) misscheduled++;
      continue;
    }
    desired++;
    if (onNode.length === 0) continue;
    current++;
    const pod = onNode[0];
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, ds.spec.minReadySeconds, now)) available++;
    }
    if (onNode.some((p) => !isOld(p, hash))) updated++;
  }
  return {
    ...ds.status,
    desiredNumberScheduled: desired,
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    numberReady: ready,
    numberAvailable: available,
    numberUnavailable: desired - available,
    updatedNumberScheduled: updated,
    observedGeneration: ds.metadata.generation,
  };
}

/** Only write status when something in it changed. */
export function daemonSetStatusChanged(ds: DaemonSet, next: DaemonSetStatus): boolean {
  return canonicalJson(ds.status ?? {}) !== canonicalJson(next);
}
