/**
 * The annotations through which the chaos controller and the kubelet talk, over the apiserver
 * like everything else: the controller writes them on a pod, the kubelet's pod sync acts on them.
 * Level-triggered, so a kubelet that restarts or syncs late still does the right thing once.
 */

/** Who created an experiment: set by the apiserver at admission (kubectl's --as user, or the User-Agent). */
export const CHAOS_REQUESTED_BY_ANNOTATION = 'chaos.orchestra.dev/requested-by';

/**
 * container-kill: `<RFC 3339 time>` (optionally `;<container>,<container>`). The kubelet kills
 * (exit 137, as SIGKILL) every named container of the pod that started before that time, once:
 * a container that started later is the replacement and is left alone.
 */
export const CONTAINER_KILL_ANNOTATION = 'chaos.orchestra.dev/container-kill';

/**
 * pod-failure: `<RFC 3339 time>` (optionally `;<containers>`): the named containers fail and stay
 * down until that time, or until the annotation goes (the controller removes it on recovery).
 */
export const POD_FAILURE_ANNOTATION = 'chaos.orchestra.dev/pod-failure';

export interface PodChaosDirective {
  /** The kill time (container-kill) or the end of the failure (pod-failure), ms since the epoch. */
  at: number;
  /** Empty: every container of the pod. */
  containerNames: string[];
}

export function formatPodChaosDirective(at: Date, containerNames: readonly string[] = []): string {
  const time = at.toISOString();
  return containerNames.length ? `${time};${containerNames.join(',')}` : time;
}

/** The directive in an annotation value, or undefined when absent or malformed (then ignored). */
export function parsePodChaosDirective(value: string | undefined): PodChaosDirective | undefined {
  if (!value) return undefined;
  const [time, names = ''] = value.split(';');
  const at = Date.parse(time);
  if (Number.isNaN(at)) return undefined;
  return { at, containerNames: names.split(',').filter(Boolean) };
}

/** Whether a directive applies to a container. */
export const directiveCovers = (directive: PodChaosDirective, container: string): boolean =>
  directive.containerNames.length === 0 || directive.containerNames.includes(container);

/**
 * node-down: `<RFC 3339 time>` on a Node: until then the node is as if it lost power (its kubelet
 * sends no heartbeats or status, its pods stop and serve nothing). The kubelet powers it back on
 * at that time on its own timer: a node that is down cannot hear the annotation go.
 */
export const NODE_DOWN_ANNOTATION = 'chaos.orchestra.dev/node-down';

/**
 * node-partition: `<RFC 3339 time>` on a Node: until then its kubelet cannot reach the apiserver
 * (every request fails, its view of its pods is frozen as a dropped watch leaves it) while its
 * pods keep running and serving. At that time it heals on its own timer and reconciles.
 */
export const NODE_PARTITION_ANNOTATION = 'chaos.orchestra.dev/node-partition';

/**
 * instance-terminate: `chaos.orchestra.dev/instance-terminate: <time>` on a Node of the simulated
 * cloud (spec.providerID `orchestra://…`) has the cloud-controller-manager terminate its instance,
 * as a user deleting the VM in a cloud console would: its kubelet stops the node, the node goes
 * NotReady, and the cloud-node-lifecycle controller deletes the Node. Nothing to undo.
 */
export const INSTANCE_TERMINATE_ANNOTATION = 'chaos.orchestra.dev/instance-terminate';

/** The end time in a node annotation (ms since the epoch), or undefined when absent or malformed. */
export function parseNodeChaosEnd(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at;
}

/**
 * cpu-stress and memory-stress: `<from>;<until>;<amount>` (optionally `;<containers>`), RFC 3339
 * times and the amount in millicores (cpu) or bytes (memory). The kubelet adds the amount to the
 * usage of every named container that was already running at `from` (a stressor in the process:
 * a restarted container is free of it), until `until` or until the annotation goes.
 */
export const CPU_STRESS_ANNOTATION = 'chaos.orchestra.dev/cpu-stress';
export const MEMORY_STRESS_ANNOTATION = 'chaos.orchestra.dev/memory-stress';

export interface StressDirective {
  from: number;
  until: number;
  amount: number;
  /** Empty: every container of the pod. */
  containerNames: string[];
}

export function formatStressDirective(
  from: Date,
  until: Date,
  amount: number,
  containerNames: readonly string[] = [],
): string {
  const base = `${from.toISOString()};${until.toISOString()};${amount}`;
  return containerNames.length ? `${base};${containerNames.join(',')}` : base;
}

/** The directive in an annotation value, or undefined when absent or malformed (then ignored). */
export function parseStressDirective(value: string | undefined): StressDirective | undefined {
  if (!value) return undefined;
  const [fromText, untilText, amountText, names = ''] = value.split(';');
  const from = Date.parse(fromText);
  const until = Date.parse(untilText ?? '');
  const amount = Number(amountText);
  if (Number.isNaN(from) || Number.isNaN(until) || !Number.isFinite(amount) || amount < 0) return undefined;
  return { from, until, amount, containerNames: names.split(',').filter(Boolean) };
}
