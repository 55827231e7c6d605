/**
 * kube-state-metrics' Deployment families (internal/store/deployment.go,
 * docs/metrics/workload/deployment-metrics.md). Every series starts with `namespace` and
 * `deployment`.
 */
import { builtinResources, type Deployment, type ResourceDefinition } from '@orchestra/api';
import { gauge, type MetricFamily } from '../exposition/metric-family';
import type { ResourceMetrics } from '../exposition/resource-metrics';
import { emitConditionStatus } from './one-hot';
import { boolValue, emitCreated } from './object-metadata';

/**
 * The Deployment controller's condition reasons (Kubernetes' deployment_util.go); any other
 * reason is exported as `unknown`, as kube-state-metrics does, so the label stays bounded.
 */
export const deploymentReasons: ReadonlySet<string> = new Set([
  'ReplicaSetUpdated',
  'ReplicaSetCreateError',
  'NewReplicaSetCreated',
  'FoundNewReplicaSet',
  'NewReplicaSetAvailable',
  'ProgressDeadlineExceeded',
  'DeploymentPaused',
  'DeploymentResumed',
  'MinimumReplicasAvailable',
  'MinimumReplicasUnavailable',
  '',
]);

/** Kubernetes' defaulting gives every Deployment spec.replicas; 1 is that default. */
const desiredReplicas = (d: Deployment) => d.spec.replicas ?? 1;

/** intstr.GetScaledValueFromIntOrPercent: `25%` of the desired replicas, rounded as asked. */
export function scaledValue(value: number | string, total: number, roundUp: boolean): number | undefined {
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(value);
  if (!percent) return /^\d+$/.test(value) ? Number(value) : undefined;
  const scaled = (Number(percent[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

const status = (name: string, help: string, of: (d: Deployment) => number | undefined) =>
  gauge<Deployment>(name, help, (d, emit) => emit(of(d) ?? 0));

export const deploymentFamilies: readonly MetricFamily<Deployment>[] = [
  gauge('kube_deployment_created', 'Unix creation timestamp', (d, emit) => emitCreated(emit, d.metadata)),
  gauge('kube_deployment_spec_replicas', 'Number of desired pods for a deployment.', (d, emit) =>
    emit(desiredReplicas(d)),
  ),
  gauge(
    'kube_deployment_spec_paused',
    'Whether the deployment is paused and will not be processed by the deployment controller.',
    (d, emit) => emit(boolValue(d.spec.paused)),
  ),
  gauge(
    'kube_deployment_spec_strategy_rollingupdate_max_unavailable',
    'Maximum number of unavailable replicas during a rolling update of a deployment.',
    (d, emit) => {
      const maxUnavailable = d.spec.strategy?.rollingUpdate?.maxUnavailable;
      const value =
        maxUnavailable === undefined ? undefined : scaledValue(maxUnavailable, desiredReplicas(d), false);
      if (value !== undefined) emit(value);
    },
  ),
  gauge(
    'kube_deployment_spec_strategy_rollingupdate_max_surge',
    'Maximum number of replicas that can be scheduled above the desired number of replicas during a rolling update of a deployment.',
    (d, emit) => {
      const maxSurge = d.spec.strategy?.rollingUpdate?.maxSurge;
      const value = maxSurge === undefined ? undefined : scaledValue(maxSurge, desiredReplicas(d), true);
      if (value !== undefined) emit(value);
    },
  ),
  gauge(
    'kube_deployment_metadata_generation',
    'Sequence number representing a specific generation of the desired state.',
    (d, emit) => emit(d.metadata.generation ?? 0),
  ),
  status(
    'kube_deployment_status_replicas',
    'The number of replicas per deployment.',
    (d) => d.status?.replicas,
  ),
  status(
    'kube_deployment_status_replicas_ready',
    'The number of ready replicas per deployment.',
    (d) => d.status?.readyReplicas,
  ),
  status(
    'kube_deployment_status_replicas_available',
    'The number of available replicas per deployment.',
    (d) => d.status?.availableReplicas,
  ),
  status(
    'kube_deployment_status_replicas_unavailable',
    'The number of unavailable replicas per deployment.',
    (d) => d.status?.unavailableReplicas,
  ),
  status(
    'kube_deployment_status_replicas_updated',
    'The number of updated replicas per deployment.',
    (d) => d.status?.updatedReplicas,
  ),
  status(
    'kube_deployment_status_observed_generation',
    'The generation observed by the deployment controller.',
    (d) => d.status?.observedGeneration,
  ),
  gauge('kube_deployment_status_condition', 'The current status conditions of a deployment.', (d, emit) => {
    for (const c of d.status?.conditions ?? []) {
      const reason = deploymentReasons.has(c.reason ?? '') ? (c.reason ?? '') : 'unknown';
      emitConditionStatus(emit, c.status, 'status', { reason, condition: c.type });
    }
  }),
];

export const deploymentMetrics: ResourceMetrics<Deployment> = {
  resource: builtinResources.find((d) => d.kind === 'Deployment') as ResourceDefinition,
  ownLabels: (d) => ({ namespace: d.metadata.namespace ?? '', deployment: d.metadata.name ?? '' }),
  families: deploymentFamilies,
};
