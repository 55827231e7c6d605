/**
 * Picking the node (Kubernetes `selectHost`): the highest total score wins; among equal scores each
 * node is equally likely (reservoir sampling with an injectable random, so tests are repeatable).
 * Also returns the next best candidates, for explaining the decision.
 */

/** Returns a number in [0, 1), like Math.random. */
export type RandomSource = () => number;

/** Indexes into `totals`: the chosen node first, then the best others (at most `count` in all). */
export function selectHost(totals: readonly number[], count: number, random: RandomSource): number[] {
  if (totals.length === 0) return [];
  let max = -Infinity;
  let chosen = -1;
  let ties = 0;
  for (let i = 0; i < totals.length; i++) {
    const t = totals[i];
    if (t > max) {
      max = t;
      chosen = i;
      ties = 1;
    } else if (t === max) {
      ties++;
      if (Math.floor(random() * ties) === 0) chosen = i;
    }
  }
  return [chosen, ...topOthers(totals, chosen, count - 1)];
}

/** The `k` highest totals other than `skip`, best first (a small insertion list: k is tiny). */
function topOthers(totals: readonly number[], skip: number, k: number): number[] {
  const top: number[] = [];
  if (k <= 0) return top;
  for (let i = 0; i < totals.length; i++) {
    if (i === skip) continue;
    if (top.length === k && totals[i] <= totals[top[k - 1]]) continue;
    let at = top.length;
    while (at > 0 && totals[top[at - 1]] < totals[i]) at--;
    top.splice(at, 0, i);
    if (top.length > k) top.pop();
  }
  return top;
}
