/**
 * Zones and how disrupted they are (node_lifecycle_controller.go ComputeZoneState, GetZoneKey):
 * the rate at which a zone's lost nodes are tainted depends on how much of the zone is lost, and
 * when every zone is fully lost the controller assumes the fault is its own (or the network's)
 * and evicts nothing.
 */
import type { Condition, Node } from '@orchestra/api';

export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

const LABEL_ZONE = 'topology.kubernetes.io/zone';
const LABEL_REGION = 'topology.kubernetes.io/region';

/**
 * The zone a node belongs to: `region:zone`, or the zone alone without a region ('' for neither).
 * Kubernetes joins them with ":\x00:"; a printable key keeps the metrics' zone label readable.
 */
export function zoneKey(node: Node): string {
  const labels = node.metadata.labels ?? {};
  const zone = labels[LABEL_ZONE] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  const region = labels[LABEL_REGION] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  if (!region) return zone;
  return `${region}:${zone}`;
}

/** Nodes labelled so are left out of the zone's health (labelNodeDisruptionExclusion). */
export const isExcludedFromDisruptionChecks = (node: Node): boolean =>
  'node.kubernetes.io/exclude-disruption' in (node.metadata.labels ?? {});

/**
 * How many of the zone's nodes are not Ready, and the zone's state: fully disrupted with no Ready
 * node, partly disrupted when more than two and at least `unhealthyThreshold` of them are not.
 */
export function computeZoneState(
  readyConditions: (Condition | undefined)[],
  unhealthyThreshold: number,
): { unhealthy: number; state: ZoneState } {
  const ready = readyConditions.filter((c) => c?.status === 'True').length;
  const unhealthy = readyConditions.length - ready;
  if (ready === 0 && unhealthy > 0) return { unhealthy, state: 'FullDisruption' };
  if (unhealthy > 2 && unhealthy / readyConditions.length >= unhealthyThreshold)
    return { unhealthy, state: 'PartialDisruption' };
  return { unhealthy, state: 'Normal' };
}
