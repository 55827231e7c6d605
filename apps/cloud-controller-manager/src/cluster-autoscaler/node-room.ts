/**
 * Room on a node as the autoscaler simulates scheduling (cluster-autoscaler's scheduler
 * snapshot, reduced to what Orchestra's scheduler checks for room): milli-CPU, memory bytes and
 * pod slots, and the requests of a pod (containers summed, raised to the largest init container).
 */
import { parseQuantity, type Pod } from '@orchestra/api';

export interface Room {
  milliCpu: number;
  memory: number;
  pods: number;
}

const milli = (q: string | undefined) => (q === undefined ? 0 : parseQuantity(q).toMilli());
const bytes = (q: string | undefined) => (q === undefined ? 0 : parseQuantity(q).value());

export function capacityRoom(capacity: Record<string, string> | undefined): Room {
  return {
    milliCpu: milli(capacity?.cpu),
    memory: bytes(capacity?.memory),
    pods: Number(capacity?.pods ?? 0),
  };
}

export function podRequests(pod: Pod): Room {
  let milliCpu = 0;
  let memory = 0;
  for (const c of pod.spec.containers ?? []) {
    milliCpu += milli(c.resources?.requests?.cpu);
    memory += bytes(c.resources?.requests?.memory);
  }
  for (const c of pod.spec.initContainers ?? []) {
    milliCpu = Math.max(milliCpu, milli(c.resources?.requests?.cpu));
    memory = Math.max(memory, bytes(c.resources?.requests?.memory));
  }
  return { milliCpu, memory, pods: 1 };
}

export function fits(request: Room, room: Room): boolean {
  return request.milliCpu <= room.milliCpu && request.memory <= room.memory && request.pods <= room.pods;
}

export function minus(room: Room, request: Room): Room {
  return {
    milliCpu: room.milliCpu - request.milliCpu,
    memory: room.memory - request.memory,
    pods: room.pods - request.pods,
  };
}
