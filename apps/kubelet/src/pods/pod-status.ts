/**
 * The pod status the kubelet reports, computed as Kubernetes does (kubelet_pods.go
 * generateAPIPodStatus, getPhase; status/generate.go): container states from the runtime and
 * the pod worker, the phase from them and the restart policy, and the pod conditions with a
 * lastTransitionTime that moves only when their status does. Pure: the same inputs give the
 * same status, which is what makes "write only on change" work.
 */
import type { Condition, ContainerStatus, Pod, PodPhase, PodStatus } from '@orchestra/api';
import type { RuntimeContainerStatus } from '../runtime/container-runtime';
import type { ContainerRecord, PodRecord } from './pod-record';

export interface PodStatusInputs {
  pod: Pod;
  record: PodRecord;
  runtimeStatus: (id: string) => RuntimeContainerStatus | undefined;
  /** Readiness of a running container (readiness probe); true when it has none. */
  isReady?: (container: string) => boolean;
  /** Startup probe passed (or none). */
  isStarted?: (container: string) => boolean;
  hostIP: string;
  /** The status last reported: conditions keep their lastTransitionTime from it. */
  previous?: PodStatus;
  /** metav1.Time of now, for conditions that transition. */
  now: string;
}

export const kubeTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const containerId = (id: string): string => `orchestra://${id}`;

export function computePodStatus(inputs: PodStatusInputs): PodStatus {
  const { pod, record } = inputs;
  const containerStatuses = pod.spec.containers.map((spec) =>
    containerStatusOf(inputs, spec.name, spec.image ?? '', record.containers.get(spec.name)),
  );
  const phase = podPhase(pod, containerStatuses);
  const previous = (inputs.previous ?? pod.status)?.conditions ?? [];
  return {
    phase,
    conditions: podConditions(phase, containerStatuses, previous, inputs.now),
    hostIP: inputs.hostIP,
    hostIPs: [{ ip: inputs.hostIP }],
    podIP: record.podIP,
    podIPs: [{ ip: record.podIP }],
    startTime: kubeTime(record.firstSeenAt),
    containerStatuses,
    ...(pod.status?.qosClass ? { qosClass: pod.status.qosClass } : {}),
  } as PodStatus;
}

function containerStatusOf(
  inputs: PodStatusInputs,
  name: string,
  image: string,
  container: ContainerRecord | undefined,
): ContainerStatus {
  const live = container?.id ? inputs.runtimeStatus(container.id) : undefined;
  const running = live?.state.kind === 'running';
  const started = running && (inputs.isStarted?.(name) ?? true);
  const status: ContainerStatus = {
    name,
    state: stateOf(live, container),
    lastState: container?.lastTerminated ? { terminated: container.lastTerminated } : {},
    ready: started && (inputs.isReady?.(name) ?? true),
    restartCount: Math.max(0, (container?.attempts ?? 0) - 1),
    image,
    imageID: container?.imageRef ?? '',
    started,
  };
  if (container?.id) status.containerID = containerId(container.id);
  return status;
}

function stateOf(live: RuntimeContainerStatus | undefined, container: ContainerRecord | undefined) {
  if (live?.state.kind === 'running') return { running: { startedAt: kubeTime(live.state.startedAt) } };
  // A decision of the pod worker (back-off, pull failure) outranks the exited container behind it.
  if (container?.waiting) return { waiting: { ...container.waiting } };
  if (live?.state.kind === 'exited') return { terminated: terminatedState(live) };
  return { waiting: { reason: 'ContainerCreating' } };
}

export function terminatedState(live: RuntimeContainerStatus) {
  if (live.state.kind !== 'exited') throw new Error(`container ${live.id} has not exited`);
  const { exitCode, reason, startedAt, finishedAt, message } = live.state;
  return {
    exitCode,
    reason,
    ...(message ? { message } : {}),
    startedAt: kubeTime(startedAt),
    finishedAt: kubeTime(finishedAt),
    containerID: containerId(live.id),
  };
}

/** kubelet_pods.go getPhase, for pods without init containers. */
export function podPhase(pod: Pod, statuses: ContainerStatus[]): PodPhase {
  let waiting = 0;
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const status of statuses) {
    if (status.state?.running) running++;
    else if (status.state?.terminated) {
      stopped++;
      if (status.state.terminated.exitCode === 0) succeeded++;
    } else if (status.lastState?.terminated)
      stopped++; // waiting to restart: it has run
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === 0) return 'Pending';
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (policy === 'Always') return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  return policy === 'Never' ? 'Failed' : 'Running';
}

function podConditions(
  phase: PodPhase,
  statuses: ContainerStatus[],
  previous: Condition[],
  now: string,
): Condition[] {
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
  const notReady = terminal
    ? { status: 'False' as const, reason: 'PodCompleted' }
    : unready.length
      ? {
          status: 'False' as const,
          reason: 'ContainersNotReady',
          message: `containers with unready status: [${unready.join(' ')}]`,
        }
      : { status: 'True' as const };
  const wanted: Omit<Condition, 'lastTransitionTime'>[] = [
    // The sandbox (pod IP) is up for as long as the pod runs here.
    { type: 'PodReadyToStartContainers', status: terminal ? 'False' : 'True' },
    { type: 'Initialized', status: 'True' },
    { type: 'Ready', ...notReady },
    { type: 'ContainersReady', ...notReady },
    { type: 'PodScheduled', status: 'True' },
  ];
  return wanted.map((condition) => {
    const before = previous.find((c) => c.type === condition.type);
    const same = before?.status === condition.status;
    return {
      ...condition,
      lastProbeTime: null,
      lastTransitionTime: same ? (before.lastTransitionTime ?? now) : now,
    };
  });
}

/**
 * Whether two statuses would serialize to the same JSON, whatever their key order (the server
 * may reorder keys): undefined fields count as absent, as JSON.stringify drops them. Walks the
 * objects instead of serializing both, as the kubelet compares on every sync of every pod.
 */
/**
 * Whether the apiserver's copy of a pod's status disagrees with the kubelet's on what the kubelet
 * owns: the phase, or the status of one of its conditions. Someone else wrote it: the node
 * lifecycle controller marks a lost node's pods not Ready (MarkPodsNotReady), and once the node
 * is back the kubelet must write its own view again (the status manager's needsReconcile), even
 * though its own status did not change.
 */
export function apiStatusDiffers(own: PodStatus, api: PodStatus | undefined): boolean {
  if (!api || own.phase !== api.phase) return true;
  return (own.conditions ?? []).some(
    (condition) => api.conditions?.find((c) => c.type === condition.type)?.status !== condition.status,
  );
}

export function sameStatus(a: PodStatus | undefined, b: PodStatus | undefined): boolean {
  return sameJson(a, b);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameJson(item, b[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x).filter((k) => x[k] !== undefined);
  if (keys.length !== Object.keys(y).filter((k) => y[k] !== undefined).length) return false;
  return keys.every((k) => sameJson(x[k], y[k]));
}
