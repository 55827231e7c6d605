/**
 * Which nodes a node action hits, and which of their pods a drain evicts.
 *  - Nodes: named in spec.selector.nodes and/or matching spec.selector.labelSelector (node
 *    labels), then as many as the mode says, at random (the pod actions' modes). A node that is
 *    already cordoned is not drained again (its cordon is someone else's, and ours would undo it).
 *  - A drain evicts what `kubectl drain --ignore-daemonsets` evicts, minus what chaos must not
 *    touch: DaemonSet pods and mirror pods stay (kubectl skips them too), bare pods stay (kubectl
 *    refuses them without --force: deleting one loses it), and kube-system pods stay (the chaos
 *    safety rule: nothing in kube-system is hit unless named). Pods already terminating or
 *    finished are left as they are.
 */
import {
  ChaosAffectedObject,
  ChaosExperiment,
  KUBE_SYSTEM,
  labelSelectorFromObject,
  Node,
  parseLabelSelector,
  Pod,
} from '@orchestra/api';
import { getControllerOf } from '../controller-utils';
import { pickAtRandom, targetCount } from './chaos-targets';

/** The simulated cloud's providerIDs (apps/cloud-controller-manager). */
const CLOUD_PROVIDER_ID_PREFIX = 'orchestra://';

/** The annotation a mirror (static) pod carries (kubelet's kubetypes.ConfigMirrorAnnotationKey). */
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

export function candidateNodes(experiment: ChaosExperiment, nodes: readonly Node[]): Node[] {
  const selector = experiment.spec.selector ?? {};
  const names = selector.nodes && new Set(selector.nodes);
  const labels =
    typeof selector.labelSelector === 'string'
      ? parseLabelSelector(selector.labelSelector)
      : selector.labelSelector
        ? labelSelectorFromObject(selector.labelSelector)
        : undefined;
  return (
    nodes
      .filter((node) => !node.metadata.deletionTimestamp)
      .filter((node) => !names || names.has(node.metadata.name ?? ''))
      .filter((node) => !labels || labels.matches(node.metadata.labels))
      .filter((node) => experiment.spec.action !== 'node-drain' || !node.spec?.unschedulable)
      // Only the simulated cloud's machines can be terminated; the static nodes are nobody's to end.
      .filter(
        (node) =>
          experiment.spec.action !== 'instance-terminate' ||
          (node.spec?.providerID ?? '').startsWith(CLOUD_PROVIDER_ID_PREFIX),
      )
      .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))
  );
}

export function selectNodeTargets(
  experiment: ChaosExperiment,
  nodes: readonly Node[],
  random: () => number = Math.random,
): { candidates: Node[]; targets: Node[] } {
  const candidates = candidateNodes(experiment, nodes);
  const count = targetCount(experiment.spec.mode, experiment.spec.value, candidates.length);
  return { candidates, targets: pickAtRandom(candidates, count, random) };
}

/** The pods a drain of `nodeName` evicts (see the file comment for what stays). */
export function drainablePods(nodeName: string, pods: readonly Pod[]): Pod[] {
  return pods
    .filter((pod) => pod.spec.nodeName === nodeName)
    .filter((pod) => !pod.metadata.deletionTimestamp)
    .filter((pod) => pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed')
    .filter((pod) => pod.metadata.namespace !== KUBE_SYSTEM)
    .filter((pod) => !pod.metadata.annotations?.[MIRROR_POD_ANNOTATION])
    .filter((pod) => {
      const owner = getControllerOf(pod);
      return !!owner && owner.kind !== 'DaemonSet';
    })
    .sort((a, b) => podKey(a).localeCompare(podKey(b)));
}

/** A node as status.affected records it. */
export function affectedNode(node: Node): ChaosAffectedObject {
  return { apiVersion: 'v1', kind: 'Node', name: node.metadata.name!, uid: node.metadata.uid };
}

/** A pod a drain evicts, as status.affected records it (with its node, to tell whose it was). */
export function affectedDrainedPod(pod: Pod): ChaosAffectedObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    namespace: pod.metadata.namespace,
    name: pod.metadata.name!,
    uid: pod.metadata.uid,
    nodeName: pod.spec.nodeName,
  };
}

const podKey = (pod: Pod) => `${pod.metadata.namespace}/${pod.metadata.name}`;
