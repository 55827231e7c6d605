/**
 * kube-state-metrics' ReplicaSet families (internal/store/replicaset.go,
 * docs/metrics/workload/replicaset-metrics.md). Every series starts with `namespace` and
 * `replicaset`.
 */
import { builtinResources, type ReplicaSet, type ResourceDefinition } from '@orchestra/api';
import { gauge, type MetricFamily } from '../exposition/metric-family';
import type { ResourceMetrics } from '../exposition/resource-metrics';
import { emitCreated, emitOwners } from './object-metadata';

const status = (name: string, help: string, of: (rs: ReplicaSet) => number | undefined) =>
  gauge<ReplicaSet>(name, help, (rs, emit) => emit(of(rs) ?? 0));

export const replicaSetFamilies: readonly MetricFamily<ReplicaSet>[] = [
  gauge('kube_replicaset_created', 'Unix creation timestamp', (rs, emit) => emitCreated(emit, rs.metadata)),
  gauge('kube_replicaset_spec_replicas', 'Number of desired pods for a ReplicaSet.', (rs, emit) => {
    if (rs.spec.replicas !== undefined) emit(rs.spec.replicas);
  }),
  status(
    'kube_replicaset_status_replicas',
    'The number of replicas per ReplicaSet.',
    (rs) => rs.status?.replicas,
  ),
  status(
    'kube_replicaset_status_fully_labeled_replicas',
    'The number of fully labeled replicas per ReplicaSet.',
    (rs) => rs.status?.fullyLabeledReplicas,
  ),
  status(
    'kube_replicaset_status_ready_replicas',
    'The number of ready replicas per ReplicaSet.',
    (rs) => rs.status?.readyReplicas,
  ),
  status(
    'kube_replicaset_status_observed_generation',
    'The generation observed by the ReplicaSet controller.',
    (rs) => rs.status?.observedGeneration,
  ),
  gauge(
    'kube_replicaset_metadata_generation',
    'Sequence number representing a specific generation of the desired state.',
    (rs, emit) => emit(rs.metadata.generation ?? 0),
  ),
  gauge('kube_replicaset_owner', "Information about the ReplicaSet's owner.", (rs, emit) =>
    emitOwners(emit, rs.metadata.ownerReferences),
  ),
];

export const replicaSetMetrics: ResourceMetrics<ReplicaSet> = {
  resource: builtinResources.find((d) => d.kind === 'ReplicaSet') as ResourceDefinition,
  ownLabels: (rs) => ({ namespace: rs.metadata.namespace ?? '', replicaset: rs.metadata.name ?? '' }),
  families: replicaSetFamilies,
};
