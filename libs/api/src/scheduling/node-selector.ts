/**
 * Node selector terms (Kubernetes component-helpers `nodeaffinity`): the pod's `nodeSelector` and
 * `requiredDuringSchedulingIgnoredDuringExecution` terms, matched against a node's labels and name.
 * Terms are ORed; the expressions of one term are ANDed; an empty term matches nothing.
 * Shared by the scheduler's NodeAffinity plugin and the DaemonSet controller's node eligibility.
 */
import type { NodeSelectorRequirement, NodeSelectorTerm, Pod } from '../types';

const has = (labels: Record<string, string>, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(labels, key);
const asInteger = (s: string): number | undefined => (/^[-+]?\d+$/.test(s) ? Number(s) : undefined);

export function nodeSelectorRequirementMatches(
  r: NodeSelectorRequirement,
  labels: Record<string, string>,
): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has(labels, r.key) && values.includes(labels[r.key]);
    case 'NotIn':
      return !has(labels, r.key) || !values.includes(labels[r.key]);
    case 'Exists':
      return has(labels, r.key);
    case 'DoesNotExist':
      return !has(labels, r.key);
    case 'Gt':
    case 'Lt': {
      if (!has(labels, r.key) || values.length !== 1) return false;
      const actual = asInteger(labels[r.key]);
      const bound = asInteger(values[0]);
      if (actual === undefined || bound === undefined) return false;
      return r.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

/** matchFields supports only `metadata.name`, as in Kubernetes. */
function fieldMatches(r: NodeSelectorRequirement, nodeName: string): boolean {
  if (r.key !== 'metadata.name') return false;
  return nodeSelectorRequirementMatches(r, { 'metadata.name': nodeName });
}

export function termMatches(
  term: NodeSelectorTerm,
  labels: Record<string, string>,
  nodeName: string,
): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  return (
    exprs.every((r) => nodeSelectorRequirementMatches(r, labels)) &&
    fields.every((r) => fieldMatches(r, nodeName))
  );
}

export const termsMatch = (
  terms: readonly NodeSelectorTerm[],
  labels: Record<string, string>,
  nodeName: string,
): boolean => terms.some((t) => termMatches(t, labels, nodeName));

/** The pod's required node affinity: nodeSelector AND (any required term). */
export class RequiredNodeAffinity {
  private readonly selector: [string, string][];
  private readonly terms: readonly NodeSelectorTerm[] | undefined;

  constructor(pod: Pod) {
    this.selector = Object.entries(pod.spec.nodeSelector ?? {});
    this.terms =
      pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  }

  get empty(): boolean {
    return this.selector.length === 0 && this.terms === undefined;
  }

  matches(labels: Record<string, string>, nodeName: string): boolean {
    for (const [k, v] of this.selector) if (labels[k] !== v || !has(labels, k)) return false;
    return this.terms === undefined || termsMatch(this.terms, labels, nodeName);
  }

  /** The node names every term pins through `matchFields metadata.name In`, or undefined. */
  nodeNames(): Set<string> | undefined {
    if (!this.terms || this.terms.length === 0) return undefined;
    const names = new Set<string>();
    for (const t of this.terms) {
      const pin = (t.matchFields ?? []).find((f) => f.key === 'metadata.name' && f.operator === 'In');
      if (!pin) return undefined;
      for (const v of pin.values ?? []) names.add(v);
    }
    return names;
  }
}
