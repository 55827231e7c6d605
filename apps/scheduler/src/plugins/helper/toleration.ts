/** Taints and tolerations (Kubernetes core/v1 helper `ToleratesTaint`, `FindMatchingUntoleratedTaint`). */
import type { Taint, Toleration } from '@orchestra/api';

/** An empty effect matches every effect; an empty key with Exists matches every taint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

export const tolerationsTolerateTaint = (tolerations: readonly Toleration[], taint: Taint): boolean =>
  tolerations.some((t) => toleratesTaint(t, taint));

/** The first taint the predicate selects that no toleration tolerates. */
export function findUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  include: (t: Taint) => boolean,
): Taint | undefined {
  for (const taint of taints) {
    if (include(taint) && !tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}
