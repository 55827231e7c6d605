/**
 * kube-state-metrics' Namespace families (internal/store/namespace.go,
 * docs/metrics/cluster/namespace-metrics.md). Every series starts with `namespace`.
 */
import { builtinResources, type Namespace, type ResourceDefinition } from '@orchestra/api';
import { gauge, type MetricFamily } from '../exposition/metric-family';
import type { ResourceMetrics } from '../exposition/resource-metrics';
import { emitConditionStatus, emitOneHot } from './one-hot';
import { emitCreated } from './object-metadata';

export const namespacePhases = ['Active', 'Terminating'] as const;

export const namespaceFamilies: readonly MetricFamily<Namespace>[] = [
  gauge('kube_namespace_created', 'Unix creation timestamp', (ns, emit) => emitCreated(emit, ns.metadata)),
  gauge('kube_namespace_status_phase', 'kubernetes namespace status phase.', (ns, emit) => {
    const phase = ns.status?.phase;
    if (phase) emitOneHot(emit, 'phase', namespacePhases, phase);
  }),
  gauge('kube_namespace_status_condition', 'The condition of a namespace.', (ns, emit) => {
    for (const c of ns.status?.conditions ?? [])
      emitConditionStatus(emit, c.status, 'status', { condition: c.type });
  }),
];

export const namespaceMetrics: ResourceMetrics<Namespace> = {
  resource: builtinResources.find((d) => d.kind === 'Namespace') as ResourceDefinition,
  ownLabels: (ns) => ({ namespace: ns.metadata.name ?? '' }),
  families: namespaceFamilies,
};
