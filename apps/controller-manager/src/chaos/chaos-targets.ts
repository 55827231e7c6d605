/**
 * Which pods a run hits: the candidates its selector matches (namespaces, labels, names, nodes,
 * the workload controlling them; live pods only; kube-system only when named explicitly), then as many of them as its mode says,
 * picked at random (Chaos Mesh's modes). http-fault's target is the Service it names.
 */
import {
  ChaosAffectedObject,
  ChaosExperiment,
  isComponentChaosAction,
  isNodeChaosAction,
  KUBE_SYSTEM,
  labelSelectorFromObject,
  parseLabelSelector,
  Pod,
  Service,
} from '@orchestra/api';
import { Lister } from '@orchestra/client';
import { restartsOf } from './steady-state';
import { WorkloadOwners } from './workload-owners';

/**
 * `owners` resolves spec.selector.workload: without listers only a pod's own controller matches
 * (a StatefulSet, DaemonSet, Job or ReplicaSet), not a Deployment or CronJob above it.
 */
export function candidatePods(
  experiment: ChaosExperiment,
  pods: readonly Pod[],
  owners: WorkloadOwners = new WorkloadOwners(),
): Pod[] {
  const selector = experiment.spec.selector ?? {};
  const namespaces = new Set(selector.namespaces ?? [experiment.metadata.namespace ?? 'default']);
  const labels =
    typeof selector.labelSelector === 'string'
      ? parseLabelSelector(selector.labelSelector)
      : selector.labelSelector
        ? labelSelectorFromObject(selector.labelSelector)
        : undefined;
  const names = selector.names && new Set(selector.names);
  const nodes = selector.nodes && new Set(selector.nodes);
  const workload = selector.workload;
  // kube-system is reached only by its name in spec.selector.namespaces and the pods' own names.
  const kubeSystemNamed = (selector.namespaces ?? []).includes(KUBE_SYSTEM) && !!names?.size;
  return pods
    .filter((pod) => {
      const { namespace = 'default', name = '' } = pod.metadata;
      if (!namespaces.has(namespace)) return false;
      if (namespace === KUBE_SYSTEM && !kubeSystemNamed) return false;
      if (pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running') return false;
      if (names && !names.has(name)) return false;
      if (nodes && !nodes.has(pod.spec.nodeName ?? '')) return false;
      if (workload && !owners.controls(workload, pod)) return false;
      return !labels || labels.matches(pod.metadata.labels);
    })
    .sort((a, b) => key(a).localeCompare(key(b)));
}

/** How many of `available` candidates the mode hits. */
export function targetCount(mode: string | undefined, value: number | undefined, available: number): number {
  switch (mode ?? 'one') {
    case 'all':
      return available;
    case 'fixed':
      return Math.min(value ?? 1, available);
    case 'fixed-percent':
      // Rounded down, but a percentage of something is never nothing.
      return available === 0 ? 0 : Math.max(1, Math.floor((available * (value ?? 100)) / 100));
    default:
      return Math.min(1, available);
  }
}

/** `count` distinct candidates chosen uniformly at random (a partial Fisher–Yates shuffle). */
export function pickAtRandom<T>(candidates: readonly T[], count: number, random: () => number): T[] {
  const pool = [...candidates];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n);
}

export function selectTargets(
  experiment: ChaosExperiment,
  pods: readonly Pod[],
  random: () => number = Math.random,
  owners?: WorkloadOwners,
): { candidates: Pod[]; targets: Pod[] } {
  const candidates = candidatePods(experiment, pods, owners);
  const count = targetCount(experiment.spec.mode, experiment.spec.value, candidates.length);
  return { candidates, targets: pickAtRandom(candidates, count, random) };
}

/** http-fault's one target: the Service it names, in the experiment's namespace. */
export function serviceTarget(
  experiment: ChaosExperiment,
  services: Lister<Service>,
): { candidates: Service[]; targets: Service[] } {
  const service = services.get(`${experiment.metadata.namespace}/${experiment.spec.service}`);
  return { candidates: service ? [service] : [], targets: service ? [service] : [] };
}

/**
 * A control-plane action's one target: the component it disturbs, as Kubernetes' ComponentStatus
 * names components (store-latency: the apiserver, whose store it slows; queue-stall: the
 * component whose queues it stalls; component-kill and -pause of the scheduler, the
 * controller-manager or the proxy: that component; a kubelet's are its Nodes instead).
 */
export function componentTarget(experiment: ChaosExperiment): ChaosAffectedObject {
  return { apiVersion: 'v1', kind: 'ComponentStatus', name: componentOf(experiment) };
}

const componentOf = (experiment: ChaosExperiment): string =>
  experiment.spec.action === 'store-latency'
    ? 'apiserver'
    : (experiment.spec.queueStall?.component ?? experiment.spec.component ?? 'unknown');

/** component-kill or -pause of a kubelet: it is picked by its nodes, as node actions pick nodes. */
export const picksNodes = (experiment: ChaosExperiment): boolean =>
  isNodeChaosAction(experiment.spec.action) ||
  (isComponentChaosAction(experiment.spec.action) && experiment.spec.component === 'kubelet');

/** A target as status.affected records it (with the restarts before the run, to see a kill land). */
export function affectedObject(experiment: ChaosExperiment, target: Pod | Service): ChaosAffectedObject {
  const ref = {
    apiVersion: 'v1',
    namespace: target.metadata.namespace,
    name: target.metadata.name!,
    uid: target.metadata.uid,
  };
  if (experiment.spec.action === 'http-fault') return { ...ref, kind: 'Service' };
  const pod = target as Pod;
  const containerNames = experiment.spec.containerNames;
  return {
    ...ref,
    kind: 'Pod',
    nodeName: pod.spec.nodeName,
    ...(containerNames?.length ? { containerNames } : {}),
    ...(experiment.spec.action !== 'pod-kill' ? { restartCount: restartsOf(pod, containerNames) } : {}),
  };
}

const key = (pod: Pod) => `${pod.metadata.namespace}/${pod.metadata.name}`;
