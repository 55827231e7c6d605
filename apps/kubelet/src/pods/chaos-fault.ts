/**
 * What the chaos annotations on a pod (written by the controller-manager's chaos controller, see
 * @orchestra/api chaos-annotations.ts) ask of one of its containers right now:
 *  - kill: container-kill; the container started before the kill time and is still running, so it
 *    is killed as by SIGKILL (exit 137) and restarted as any crashed container (back-off and all).
 *    One that started after the kill time is the replacement: left alone, so the kill happens once
 *    even when the kubelet syncs the pod many times or restarts.
 *  - fail: pod-failure; the container is killed and kept down until `untilMs`.
 * And the load cpu-stress and memory-stress add to a container that was running when they began.
 */
import {
  CONTAINER_KILL_ANNOTATION,
  CPU_STRESS_ANNOTATION,
  MEMORY_STRESS_ANNOTATION,
  parseStressDirective,
  type StressDirective,
  directiveCovers,
  parsePodChaosDirective,
  POD_FAILURE_ANNOTATION,
  type Pod,
} from '@orchestra/api';
import type { ContainerStress, RuntimeContainerState } from '../runtime/container-runtime';

export type ChaosFault = { kind: 'kill'; at: number } | { kind: 'fail'; untilMs: number };

export function chaosFaultFor(
  pod: Pod,
  container: string,
  state: RuntimeContainerState | undefined,
  now: number,
): ChaosFault | undefined {
  const annotations = pod.metadata.annotations ?? {};
  const failure = parsePodChaosDirective(annotations[POD_FAILURE_ANNOTATION]);
  if (failure && directiveCovers(failure, container) && now < failure.at)
    return { kind: 'fail', untilMs: failure.at };
  const kill = parsePodChaosDirective(annotations[CONTAINER_KILL_ANNOTATION]);
  if (kill && directiveCovers(kill, container) && state?.kind === 'running' && state.startedAt < kill.at)
    return { kind: 'kill', at: kill.at };
  return undefined;
}

/**
 * The stress a running container carries now (cpu-stress and memory-stress together), if any,
 * until the first of them ends (the pod is synced again then, for the other one).
 */
export function chaosStressFor(
  pod: Pod,
  container: string,
  state: RuntimeContainerState | undefined,
  now: number,
): ContainerStress | undefined {
  if (state?.kind !== 'running') return undefined;
  const annotations = pod.metadata.annotations ?? {};
  // A container started after the stress began is a restarted one: the stressor died with the old.
  const inForce = (directive: StressDirective | undefined) =>
    directive &&
    (directive.containerNames.length === 0 || directive.containerNames.includes(container)) &&
    state.startedAt < directive.from &&
    now < directive.until
      ? directive
      : undefined;
  const cpu = inForce(parseStressDirective(annotations[CPU_STRESS_ANNOTATION]));
  const memory = inForce(parseStressDirective(annotations[MEMORY_STRESS_ANNOTATION]));
  if (!cpu && !memory) return undefined;
  return {
    cpuMilli: cpu?.amount ?? 0,
    memoryBytes: memory?.amount ?? 0,
    untilMs: Math.min(cpu?.until ?? Infinity, memory?.until ?? Infinity),
  };
}
