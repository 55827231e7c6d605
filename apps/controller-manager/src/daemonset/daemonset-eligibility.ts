/**
 * Which nodes a DaemonSet runs on (pkg/controller/daemon/daemon_controller.go NodeShouldRunDaemonPod,
 * util.AddOrUpdateDaemonPodTolerations): the template's nodeSelector and required node affinity
 * must match the node, and its tolerations, with the daemon tolerations added, must tolerate the
 * node's NoSchedule and NoExecute taints.
 */
import {
  DaemonSet,
  Node,
  Pod,
  RequiredNodeAffinity,
  Taint,
  Toleration,
  toleratesTaint,
} from '@orchestra/api';

/** The tolerations every daemon pod gets, so that node conditions do not keep or drive it away. */
export const daemonPodTolerations: readonly Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

/** The template's tolerations plus the daemon ones it does not already have (same key and effect). */
export function withDaemonPodTolerations(tolerations: readonly Toleration[] | undefined): Toleration[] {
  const own = [...(tolerations ?? [])];
  const missing = daemonPodTolerations.filter(
    (d) => !own.some((t) => t.key === d.key && t.effect === d.effect),
  );
  return [...own, ...missing];
}

export interface NodeEligibility {
  /** A daemon pod should be created on the node if none is there. */
  shouldRun: boolean;
  /** A daemon pod already on the node may stay (a NoSchedule taint does not evict it). */
  shouldContinueRunning: boolean;
}

const tolerated = (taint: Taint, tolerations: readonly Toleration[]) =>
  tolerations.some((t) => toleratesTaint(t, taint));

export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): NodeEligibility {
  const template = ds.spec.template;
  const pod = { metadata: {}, spec: template?.spec ?? { containers: [] } } as Pod;
  const affinity = new RequiredNodeAffinity(pod);
  if (!affinity.matches(node.metadata.labels ?? {}, node.metadata.name ?? '')) {
    return { shouldRun: false, shouldContinueRunning: false };
  }
  const tolerations = withDaemonPodTolerations(template?.spec?.tolerations);
  const taints = node.spec?.taints ?? [];
  const untolerated = (effect: string) =>
    taints.some((t) => t.effect === effect && !tolerated(t, tolerations));
  const noExecute = untolerated('NoExecute');
  return {
    shouldRun: !noExecute && !untolerated('NoSchedule'),
    shouldContinueRunning: !noExecute,
  };
}
