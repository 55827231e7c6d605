/**
 * `kubectl get pods`: NAME READY STATUS RESTARTS AGE (+ IP NODE NOMINATED NODE READINESS GATES).
 * STATUS follows Kubernetes' printPod: the pod phase or reason, overridden by init-container
 * progress (`Init:1/2`, `Init:CrashLoopBackOff`), then by a container's waiting or terminated reason
 * (`ContainerCreating`, `CrashLoopBackOff`, `Error`), and finally `Terminating` once deleted.
 */
import { Container, ContainerStatus, Pod } from '@orchestra/api';
import { since } from './human-duration';
import { AGE_COLUMN, column, NAME_COLUMN, Printer, wide } from './printer';
import { TableRowCondition } from './table.types';

// Not yet in our Pod types, but set by manifests that use them.
type SidecarAware = Container & { restartPolicy?: string };
type PodWithGates = Pod & { spec: { readinessGates?: { conditionType: string }[] } };

const isSidecar = (c: Container | undefined): boolean =>
  (c as SidecarAware | undefined)?.restartPolicy === 'Always';

const COMPLETED: Record<string, TableRowCondition[]> = {
  Succeeded: [
    {
      type: 'Completed',
      status: 'True',
      reason: 'Succeeded',
      message: 'The pod has completed successfully.',
    },
  ],
  Failed: [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }],
};

interface Restarts {
  count: number;
  /** Latest `lastState.terminated.finishedAt`, for the "(5m ago)" suffix. */
  last?: string;
}

function addRestarts(acc: Restarts, status: ContainerStatus): Restarts {
  const finished = status.lastState?.terminated?.finishedAt;
  const later = finished && (!acc.last || Date.parse(finished) > Date.parse(acc.last));
  return { count: acc.count + status.restartCount, last: later ? finished : acc.last };
}

function terminatedReason(t: { reason?: string; signal?: number; exitCode: number }, prefix = ''): string {
  if (t.reason) return `${prefix}${t.reason}`;
  return t.signal ? `${prefix}Signal:${t.signal}` : `${prefix}ExitCode:${t.exitCode}`;
}

function podStatus(pod: Pod): { reason: string; ready: number; total: number; restarts: Restarts } {
  const spec = pod.spec;
  const status = pod.status ?? {};
  const conditions = status.conditions ?? [];
  const initSpecs = new Map((spec.initContainers ?? []).map((c) => [c.name, c]));
  const total = spec.containers.length + (spec.initContainers ?? []).filter(isSidecar).length;
  let ready = 0;
  let reason: string = status.reason || status.phase || '';
  if (conditions.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated'))
    reason = 'SchedulingGated';

  let restarts: Restarts = { count: 0 };
  let sidecarRestarts: Restarts = { count: 0 };
  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (const [i, c] of initStatuses.entries()) {
    restarts = addRestarts(restarts, c);
    const sidecar = isSidecar(initSpecs.get(c.name));
    if (sidecar) sidecarRestarts = addRestarts(sidecarRestarts, c);
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (sidecar && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (terminated) reason = terminatedReason(terminated, 'Init:');
    else if (waiting?.reason && waiting.reason !== 'PodInitializing') reason = `Init:${waiting.reason}`;
    else reason = `Init:${i}/${initSpecs.size}`;
    initializing = true;
    break;
  }

  const initialized = conditions.some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    let hasRunning = false;
    // Walk backwards so the first container's reason wins, as in Kubernetes.
    for (const c of [...(status.containerStatuses ?? [])].reverse()) {
      restarts = addRestarts(restarts, c);
      const { waiting, terminated, running } = c.state ?? {};
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated) reason = terminatedReason(terminated);
      else if (c.ready && running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditions.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && !terminal) reason = 'Terminating';
  return { reason, ready, total, restarts };
}

function readinessGates(pod: PodWithGates): string {
  const gates = pod.spec.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const passed = gates.filter(
    (g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True',
  ).length;
  return `${passed}/${gates.length}`;
}

export const podPrinter: Printer<Pod> = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    AGE_COLUMN,
    wide('IP', 'podIP address allocated to the pod. Routable at least within the cluster.'),
    wide('Node', 'NodeName indicates in which node this pod is scheduled.'),
    wide('Nominated Node', 'nominatedNodeName is set when this pod preempts other pods on the node.'),
    wide('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.'),
  ],
  print(pod, now) {
    const { reason, ready, total, restarts } = podStatus(pod);
    const restartsCell =
      restarts.count !== 0 && restarts.last
        ? `${restarts.count} (${since(restarts.last, now)} ago)`
        : String(restarts.count);
    const ip = pod.status?.podIPs?.[0]?.ip || pod.status?.podIP;
    return {
      cells: [
        pod.metadata.name ?? '',
        `${ready}/${total}`,
        reason,
        restartsCell,
        since(pod.metadata.creationTimestamp, now),
        ip || '<none>',
        pod.spec.nodeName || '<none>',
        pod.status?.nominatedNodeName || '<none>',
        readinessGates(pod as PodWithGates),
      ],
      ...(pod.status?.phase && COMPLETED[pod.status.phase] && { conditions: COMPLETED[pod.status.phase] }),
    };
  },
};
