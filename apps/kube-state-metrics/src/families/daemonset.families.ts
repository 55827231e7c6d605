/**
 * kube-state-metrics' DaemonSet families (internal/store/daemonset.go,
 * docs/metrics/workload/daemonset-metrics.md). Every series starts with `namespace` and
 * `daemonset`; a DaemonSet without status yet reads as zeros, as Go's zero values do.
 */
import { builtinResources, type DaemonSet, type ResourceDefinition } from '@orchestra/api';
import { gauge, type MetricFamily } from '../exposition/metric-family';
import type { ResourceMetrics } from '../exposition/resource-metrics';
import { emitKubeLabels } from './kube-labels';
import { emitCreated } from './object-metadata';

const status = (name: string, help: string, of: (ds: DaemonSet) => number | undefined) =>
  gauge<DaemonSet>(name, help, (ds, emit) => emit(of(ds) ?? 0));

export const daemonSetFamilies: readonly MetricFamily<DaemonSet>[] = [
  gauge('kube_daemonset_created', 'Unix creation timestamp', (ds, emit) => emitCreated(emit, ds.metadata)),
  status(
    'kube_daemonset_status_current_number_scheduled',
    'The number of nodes running at least one daemon pod and are supposed to.',
    (ds) => ds.status?.currentNumberScheduled,
  ),
  status(
    'kube_daemonset_status_desired_number_scheduled',
    'The number of nodes that should be running the daemon pod.',
    (ds) => ds.status?.desiredNumberScheduled,
  ),
  status(
    'kube_daemonset_status_number_available',
    'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available',
    (ds) => ds.status?.numberAvailable,
  ),
  status(
    'kube_daemonset_status_number_misscheduled',
    'The number of nodes running a daemon pod but are not supposed to.',
    (ds) => ds.status?.numberMisscheduled,
  ),
  status(
    'kube_daemonset_status_number_ready',
    'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
    (ds) => ds.status?.numberReady,
  ),
  status(
    'kube_daemonset_status_number_unavailable',
    'The number of nodes that should be running the daemon pod and have none of the daemon pod running and available',
    (ds) => ds.status?.numberUnavailable,
  ),
  status(
    'kube_daemonset_status_observed_generation',
    'The most recent generation observed by the daemon set controller.',
    (ds) => ds.status?.observedGeneration,
  ),
  status(
    'kube_daemonset_status_updated_number_scheduled',
    'The total number of nodes that are running updated daemon pod',
    (ds) => ds.status?.updatedNumberScheduled,
  ),
  gauge(
    'kube_daemonset_metadata_generation',
    'Sequence number representing a specific generation of the desired state.',
    (ds, emit) => emit(ds.metadata.generation ?? 0),
  ),
  gauge('kube_daemonset_labels', 'Kubernetes labels converted to Prometheus labels.', (ds, emit) =>
    emitKubeLabels(emit, ds.metadata.labels),
  ),
];

export const daemonSetMetrics: ResourceMetrics<DaemonSet> = {
  resource: builtinResources.find((d) => d.kind === 'DaemonSet') as ResourceDefinition,
  ownLabels: (ds) => ({ namespace: ds.metadata.namespace ?? '', daemonset: ds.metadata.name ?? '' }),
  families: daemonSetFamilies,
};
