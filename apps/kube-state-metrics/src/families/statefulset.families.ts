/**
 * kube-state-metrics' StatefulSet families (internal/store/statefulset.go,
 * docs/metrics/workload/statefulset-metrics.md). Every series starts with `namespace` and
 * `statefulset`. kube_statefulset_labels carries every label of the StatefulSet as `label_<name>`,
 * as kube-state-metrics does with `--metric-labels-allowlist=statefulsets=[*]` (without an
 * allowlist it exports none); kube_statefulset_annotations is not exported.
 */
import { builtinResources, type ResourceDefinition, type StatefulSet } from '@orchestra/api';
import { gauge, type MetricFamily } from '../exposition/metric-family';
import type { ResourceMetrics } from '../exposition/resource-metrics';
import { emitKubeLabels } from './kube-labels';
import { emitCreated, unixSeconds } from './object-metadata';

const status = (name: string, help: string, of: (s: StatefulSet) => number | undefined) =>
  gauge<StatefulSet>(name, help, (s, emit) => emit(of(s) ?? 0));

export const statefulSetFamilies: readonly MetricFamily<StatefulSet>[] = [
  gauge('kube_statefulset_created', 'Unix creation timestamp', (s, emit) => emitCreated(emit, s.metadata)),
  status(
    'kube_statefulset_status_replicas',
    'The number of replicas per StatefulSet.',
    (s) => s.status?.replicas,
  ),
  status(
    'kube_statefulset_status_replicas_available',
    'The number of available replicas per StatefulSet.',
    (s) => s.status?.availableReplicas,
  ),
  status(
    'kube_statefulset_status_replicas_current',
    'The number of current replicas per StatefulSet.',
    (s) => s.status?.currentReplicas,
  ),
  status(
    'kube_statefulset_status_replicas_ready',
    'The number of ready replicas per StatefulSet.',
    (s) => s.status?.readyReplicas,
  ),
  status(
    'kube_statefulset_status_replicas_updated',
    'The number of updated replicas per StatefulSet.',
    (s) => s.status?.updatedReplicas,
  ),
  status(
    'kube_statefulset_status_observed_generation',
    'The generation observed by the StatefulSet controller.',
    (s) => s.status?.observedGeneration,
  ),
  gauge('kube_statefulset_replicas', 'Number of desired pods for a StatefulSet.', (s, emit) => {
    if (s.spec.replicas !== undefined) emit(s.spec.replicas);
  }),
  gauge('kube_statefulset_ordinals_start', 'Start ordinal of the StatefulSet.', (s, emit) => {
    if (s.spec.ordinals) emit(s.spec.ordinals.start ?? 0);
  }),
  gauge(
    'kube_statefulset_metadata_generation',
    'Sequence number representing a specific generation of the desired state for the StatefulSet.',
    (s, emit) => emit(s.metadata.generation ?? 0),
  ),
  gauge(
    'kube_statefulset_persistentvolumeclaim_retention_policy',
    'Count of retention policy for StatefulSet template PVCs',
    (s, emit) => {
      const policy = s.spec.persistentVolumeClaimRetentionPolicy;
      const whenDeleted = policy?.whenDeleted ?? '';
      const whenScaled = policy?.whenScaled ?? '';
      if (whenDeleted || whenScaled) emit(1, { when_deleted: whenDeleted, when_scaled: whenScaled });
    },
  ),
  gauge('kube_statefulset_labels', 'Kubernetes labels converted to Prometheus labels.', (s, emit) =>
    emitKubeLabels(emit, s.metadata.labels),
  ),
  gauge(
    'kube_statefulset_status_current_revision',
    'Indicates the version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas).',
    (s, emit) => emit(1, { revision: s.status?.currentRevision ?? '' }),
  ),
  gauge(
    'kube_statefulset_status_update_revision',
    'Indicates the version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas)',
    (s, emit) => emit(1, { revision: s.status?.updateRevision ?? '' }),
  ),
  gauge('kube_statefulset_deletion_timestamp', 'Unix deletion timestamp', (s, emit) => {
    const deleted = unixSeconds(s.metadata.deletionTimestamp);
    if (deleted !== undefined) emit(deleted);
  }),
];

export const statefulSetMetrics: ResourceMetrics<StatefulSet> = {
  resource: builtinResources.find((d) => d.kind === 'StatefulSet') as ResourceDefinition,
  ownLabels: (s) => ({ namespace: s.metadata.namespace ?? '', statefulset: s.metadata.name ?? '' }),
  families: statefulSetFamilies,
};
