/**
 * Counting the pods on a node that an affinity term or a spread constraint selects. The node's
 * label index answers in O(1) when no pod can match (the common case) or when the selector is a
 * single `key=value` and no pod is terminating; otherwise the node's pods are scanned.
 */
import type { Selector } from '@orchestra/api';
import type { AffinityTerm } from './affinity-term';
import { labelIndexKey, type NodeInfo } from './node-info';

/** Pods on the node in one of `namespaces` (undefined: any) whose labels the selector matches. */
export function countMatchingPods(
  node: NodeInfo,
  namespaces: ReadonlySet<string> | undefined,
  selector: Selector,
  requiredLabels: readonly (readonly [string, string])[],
  skipTerminating: boolean,
): number {
  if (node.pods.length === 0) return 0;
  if (namespaces !== undefined && requiredLabels.length > 0) {
    let indexed = 0;
    for (const ns of namespaces) {
      let least = Infinity;
      for (const [k, v] of requiredLabels)
        least = Math.min(least, node.podLabelCounts.get(labelIndexKey(ns, k, v)) ?? 0);
      indexed += least;
    }
    if (indexed === 0) return 0;
    const exact = selector.requirements.length === 1 && (!skipTerminating || node.terminatingPods === 0);
    if (exact) return indexed;
  }
  let n = 0;
  for (const p of node.pods) {
    if (skipTerminating && p.terminating) continue;
    if (namespaces !== undefined && !namespaces.has(p.namespace)) continue;
    if (selector.matches(p.labels)) n++;
  }
  return n;
}

/** Pods on the node that an affinity term selects (terminating pods count, as in Kubernetes). */
export const countTermMatches = (node: NodeInfo, term: AffinityTerm): number =>
  countMatchingPods(node, term.namespaces, term.selector, term.requiredLabels, false);

/** Whether any pod on the node is selected by the term. */
export const anyTermMatch = (node: NodeInfo, term: AffinityTerm): boolean => countTermMatches(node, term) > 0;
