/**
 * Whether a pod's tolerations tolerate a node's taints (core/v1 helper ToleratesTaint and
 * GetMatchingTolerations), and for how long (the taint eviction controller's getMinTolerationTime).
 */
import type { Taint, Toleration } from '../types';

/** An empty effect matches every effect; an empty key with Exists matches every taint. */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

/**
 * Whether every taint is tolerated, and the tolerations that do it (the first match of each
 * taint, as Kubernetes picks them).
 */
export function matchingTolerations(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): { allTolerated: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const match = tolerations.find((t) => toleratesTaint(t, taint));
    if (!match) return { allTolerated: false, used: [] };
    used.push(match);
  }
  return { allTolerated: true, used };
}

/**
 * How long the tolerations let a pod stay, in ms: the shortest tolerationSeconds (0 or less means
 * none at all, as does an empty list), or Infinity when none of them sets one (tolerate forever).
 */
export function minTolerationMs(used: readonly Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds * 1000);
  }
  return min;
}
