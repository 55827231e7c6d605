/**
 * A pod (anti-)affinity term, parsed once per pod (Kubernetes `framework.AffinityTerm`): which
 * pods it selects (label selector + namespaces) and over which topology domain (topologyKey).
 *
 * Namespaces, simplified: the listed `namespaces`, or the pod's own namespace when none are listed;
 * an empty `namespaceSelector: {}` selects every namespace, as in Kubernetes; a non-empty
 * namespaceSelector is read as the pod's own namespace (the scheduler does not watch Namespaces).
 */
import {
  labelSelectorFromObject,
  nothingSelector,
  type LabelSelector,
  type PodAffinityTerm,
  type Selector,
} from '@orchestra/api';

export class AffinityTerm {
  /** Undefined: every namespace. */
  readonly namespaces: ReadonlySet<string> | undefined;
  readonly selector: Selector;
  /** `key=value` pairs every selected pod must carry: lets counting use the node's label index. */
  readonly requiredLabels: readonly (readonly [string, string])[];

  constructor(
    podNamespace: string,
    term: PodAffinityTerm,
    readonly weight = 0,
  ) {
    this.topologyKey = term.topologyKey;
    this.selector = selectorOf(term.labelSelector);
    this.namespaces = namespacesOf(podNamespace, term);
    this.requiredLabels = equalityRequirements(this.selector);
  }

  readonly topologyKey: string;

  /** Whether a pod in `namespace` with `labels` is selected by this term. */
  matches(namespace: string, labels: Record<string, string> | undefined): boolean {
    if (this.namespaces !== undefined && !this.namespaces.has(namespace)) return false;
    return this.selector.matches(labels);
  }
}

/** A missing selector selects nothing; `{}` selects everything (metav1.LabelSelectorAsSelector). */
export function selectorOf(sel: LabelSelector | undefined): Selector {
  if (!sel) return nothingSelector();
  try {
    return labelSelectorFromObject(sel);
  } catch {
    return nothingSelector(); // invalid selectors are refused on write; select nothing if one slips by
  }
}

function namespacesOf(podNamespace: string, term: PodAffinityTerm): ReadonlySet<string> | undefined {
  const listed = term.namespaces ?? [];
  const ns = term.namespaceSelector;
  if (ns && !ns.matchLabels && !ns.matchExpressions?.length) return undefined;
  if (listed.length === 0 || ns) return new Set([...listed, podNamespace]);
  return new Set(listed);
}

function equalityRequirements(selector: Selector): [string, string][] {
  const pairs: [string, string][] = [];
  for (const r of selector.requirements) {
    const equality = r.operator === '=' || r.operator === '==' || r.operator === 'in';
    if (equality && r.values.length === 1) pairs.push([r.key, r.values[0]]);
  }
  return pairs;
}
