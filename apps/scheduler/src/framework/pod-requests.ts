/**
 * What a pod asks of a node (Kubernetes component-helpers `resource.PodRequests`): the sum of its
 * containers' requests, raised to the largest init container's request, since init containers run
 * one at a time before the app containers start.
 */
import type { Container, Pod } from '@orchestra/api';
import {
  DEFAULT_MEMORY_REQUEST,
  DEFAULT_MILLI_CPU_REQUEST,
  milliValue,
  unitValue,
  type Resource,
} from './resource';

export interface PodRequests {
  /** What the pod requests (Filter: NodeResourcesFit). */
  requests: Resource;
  /**
   * The same with Kubernetes' non-zero defaults (100m cpu, 200Mi memory) for containers that ask
   * for nothing, so scorers do not pile best-effort pods onto one node.
   */
  nonZero: Resource;
}

function containerRequest(c: Container, nonZero: boolean): { cpu: number; memory: number } {
  const req = c.resources?.requests;
  const cpu = req?.cpu !== undefined ? milliValue(req.cpu) : nonZero ? DEFAULT_MILLI_CPU_REQUEST : 0;
  const memory = req?.memory !== undefined ? unitValue(req.memory) : nonZero ? DEFAULT_MEMORY_REQUEST : 0;
  return { cpu, memory };
}

function requestsOf(pod: Pod, nonZero: boolean): Resource {
  let milliCpu = 0;
  let memory = 0;
  for (const c of pod.spec.containers ?? []) {
    const r = containerRequest(c, nonZero);
    milliCpu += r.cpu;
    memory += r.memory;
  }
  for (const c of pod.spec.initContainers ?? []) {
    const r = containerRequest(c, nonZero);
    milliCpu = Math.max(milliCpu, r.cpu);
    memory = Math.max(memory, r.memory);
  }
  return { milliCpu, memory, pods: 1 };
}

export function computePodRequests(pod: Pod): PodRequests {
  return { requests: requestsOf(pod, false), nonZero: requestsOf(pod, true) };
}
