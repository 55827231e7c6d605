/**
 * The scheduler's numeric view of resources (Kubernetes `framework.Resource`): cpu in millicores,
 * memory in bytes, pod count. Quantities are parsed once and memoized by their text, since a
 * cluster repeats the same few spellings (`100m`, `128Mi`) thousands of times.
 */
import { parseQuantity, type ResourceList } from '@orchestra/api';

export interface Resource {
  milliCpu: number;
  memory: number;
  pods: number;
}

export const emptyResource = (): Resource => ({ milliCpu: 0, memory: 0, pods: 0 });

/** Default requests the scorers assume for a container that asks for nothing (schedutil). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const MEMO_LIMIT = 10_000;
const milliMemo = new Map<string, number>();
const valueMemo = new Map<string, number>();

function memoized(memo: Map<string, number>, text: string, read: (q: string) => number): number {
  let value = memo.get(text);
  if (value === undefined) {
    try {
      value = read(text);
    } catch {
      value = 0; // validation refuses bad quantities on write; never crash the scheduler on one
    }
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(text, value);
  }
  return value;
}

/** Millicores, rounded up as Kubernetes' MilliValue(). */
export const milliValue = (q: string): number => memoized(milliMemo, q, (t) => parseQuantity(t).toMilli());

/** Whole units (bytes, pods), rounded up as Kubernetes' Value(). */
export const unitValue = (q: string): number => memoized(valueMemo, q, (t) => parseQuantity(t).value());

/** cpu, memory and pods of a ResourceList (e.g. a node's allocatable). */
export function resourceFromList(list: ResourceList | undefined): Resource {
  const r = emptyResource();
  if (!list) return r;
  if (list.cpu !== undefined) r.milliCpu = milliValue(list.cpu);
  if (list.memory !== undefined) r.memory = unitValue(list.memory);
  if (list.pods !== undefined) r.pods = unitValue(list.pods);
  return r;
}
