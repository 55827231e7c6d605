/**
 * Kubernetes plugins/helper `DefaultNormalizeScore`: scales scores so the highest becomes
 * `maxPriority` (integer arithmetic, as in Go); `reverse` makes the lowest raw score the best.
 */
import { Status, type NodeScore } from '../../framework';

export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: NodeScore[]): Status {
  let maxCount = 0;
  for (const s of scores) if (s.score > maxCount) maxCount = s.score;
  if (maxCount === 0) {
    if (reverse) for (const s of scores) s.score = maxPriority;
    return Status.success();
  }
  for (const s of scores) {
    let score = Math.trunc((maxPriority * s.score) / maxCount);
    if (reverse) score = maxPriority - score;
    s.score = score;
  }
  return Status.success();
}

/** Min–max scaling onto 0..maxPriority (InterPodAffinity's NormalizeScore); all equal → 0. */
export function minMaxNormalizeScore(maxPriority: number, scores: NodeScore[]): Status {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    if (s.score < min) min = s.score;
    if (s.score > max) max = s.score;
  }
  const diff = max - min;
  for (const s of scores) s.score = diff > 0 ? Math.trunc((maxPriority * (s.score - min)) / diff) : 0;
  return Status.success();
}
