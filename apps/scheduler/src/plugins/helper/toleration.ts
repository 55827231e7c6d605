/** Taints and tolerations (Kubernetes core/v1 helper `ToleratesTaint`, `FindMatchingUntoleratedTaint`). */
import { toleratesTaint, type Taint, type Toleration } from '@orchestra/api';

/** One toleration against one taint: shared with the taint eviction controller (libs/api). */
export { toleratesTaint };

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
