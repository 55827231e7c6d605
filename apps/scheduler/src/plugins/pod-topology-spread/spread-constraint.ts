/**
 * A pod's topology spread constraint, parsed once per cycle (Kubernetes podtopologyspread/common.go):
 * the selector (with matchLabelKeys folded in), maxSkew, minDomains and the topology key.
 */
import type { LabelSelector, Selector, TopologySpreadConstraint } from '@orchestra/api';
import { countMatchingPods, selectorOf, type NodeInfo, type PodInfo } from '../../framework';

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  minDomains: number;
  selector: Selector;
  requiredLabels: [string, string][];
}

export function spreadConstraints(
  pod: PodInfo,
  when: TopologySpreadConstraint['whenUnsatisfiable'],
): SpreadConstraint[] {
  return (pod.pod.spec.topologySpreadConstraints ?? [])
    .filter((c) => c.whenUnsatisfiable === when)
    .map((c) => {
      const selector = selectorOf(withMatchLabelKeys(c, pod.labels));
      const requiredLabels: [string, string][] = [];
      for (const r of selector.requirements) {
        if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) {
          requiredLabels.push([r.key, r.values[0]]);
        }
      }
      return {
        maxSkew: c.maxSkew,
        topologyKey: c.topologyKey,
        minDomains: c.minDomains ?? 1,
        selector,
        requiredLabels,
      };
    });
}

/** matchLabelKeys: the pod's own values for these keys are ANDed into the selector. */
function withMatchLabelKeys(
  c: TopologySpreadConstraint,
  labels: Record<string, string>,
): LabelSelector | undefined {
  if (!c.labelSelector || !c.matchLabelKeys?.length) return c.labelSelector;
  const extra = c.matchLabelKeys
    .filter((k) => labels[k] !== undefined)
    .map((key) => ({ key, operator: 'In' as const, values: [labels[key]] }));
  return { ...c.labelSelector, matchExpressions: [...(c.labelSelector.matchExpressions ?? []), ...extra] };
}

/** Kubernetes `nodeLabelsMatchSpreadConstraints`: the node has every constraint's topology key. */
export const nodeHasAllTopologyKeys = (node: NodeInfo, constraints: readonly SpreadConstraint[]): boolean =>
  constraints.every((c) => node.labels[c.topologyKey] !== undefined);

/** Non-terminating pods in the incoming pod's namespace that the constraint selects. */
export const countSpreadMatches = (
  node: NodeInfo,
  c: SpreadConstraint,
  namespace: ReadonlySet<string>,
): number => countMatchingPods(node, namespace, c.selector, c.requiredLabels, true);
