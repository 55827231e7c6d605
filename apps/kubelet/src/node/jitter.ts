/**
 * Timer periods of a simulated node. Kubernetes' kubelet renews its Lease and reports its status
 * with `wait.JitterUntil(..., 0.04)`: each period up to 4% longer. One kubelet process here runs
 * up to a thousand nodes that all start at the same moment, so their first period is also spread
 * over the whole interval; otherwise every renewal of every node lands in the same instant.
 */
export const JITTER_FACTOR = 0.04;

/** The next period: `intervalMs` plus up to 4%. */
export function jittered(intervalMs: number, random: () => number = Math.random): number {
  return intervalMs * (1 + JITTER_FACTOR * random());
}

/** The first period after start: anywhere in (0, intervalMs]. */
export function spreadStart(intervalMs: number, random: () => number = Math.random): number {
  return Math.max(1, intervalMs * random());
}
