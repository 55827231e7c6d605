/**
 * kube-state-metrics' HorizontalPodAutoscaler families (internal/store/hpa.go,
 * docs/metrics/workload/horizontalpodautoscaler-metrics.md). Every series starts with `namespace`
 * and `horizontalpodautoscaler`. Metric targets and current values carry `metric_name` and
 * `metric_target_type` (`utilization` in percent, `average` and `value` in base units: cores).
 */
import {
  builtinResources,
  parseQuantity,
  type HorizontalPodAutoscaler,
  type ResourceDefinition,
} from '@orchestra/api';
import { gauge, type Emit, type MetricFamily } from '../exposition/metric-family';
import type { ResourceMetrics } from '../exposition/resource-metrics';
import { emitConditionStatus } from './one-hot';

/** A quantity in base units (`200m` → 0.2), as kube-state-metrics' MilliValue()/1000. */
const baseUnits = (quantity: string): number | undefined => {
  try {
    return parseQuantity(quantity).toMilli() / 1000;
  } catch {
    return undefined;
  }
};

interface MetricValues {
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}

/** One sample per value the target (or current status) has, labelled by its kind. */
function emitMetricValues(emit: Emit, metricName: string, values: MetricValues): void {
  const emitIf = (type: string, v: number | undefined) => {
    if (v !== undefined) emit(v, { metric_name: metricName, metric_target_type: type });
  };
  if (values.value !== undefined) emitIf('value', baseUnits(values.value));
  if (values.averageValue !== undefined) emitIf('average', baseUnits(values.averageValue));
  if (values.averageUtilization !== undefined) emitIf('utilization', values.averageUtilization);
}

export const horizontalPodAutoscalerFamilies: readonly MetricFamily<HorizontalPodAutoscaler>[] = [
  gauge('kube_horizontalpodautoscaler_info', 'Information about this autoscaler.', (hpa, emit) =>
    emit(1, {
      scaletargetref_api_version: hpa.spec.scaleTargetRef?.apiVersion ?? '',
      scaletargetref_kind: hpa.spec.scaleTargetRef?.kind ?? '',
      scaletargetref_name: hpa.spec.scaleTargetRef?.name ?? '',
    }),
  ),
  // With kube-state-metrics' default (empty) --metric-labels-allowlist: no label_* labels.
  gauge(
    'kube_horizontalpodautoscaler_labels',
    'Kubernetes labels converted to Prometheus labels.',
    (_hpa, emit) => emit(1),
  ),
  gauge(
    'kube_horizontalpodautoscaler_metadata_generation',
    'The generation observed by the HorizontalPodAutoscaler controller.',
    (hpa, emit) => emit(hpa.metadata.generation ?? 0),
  ),
  gauge(
    'kube_horizontalpodautoscaler_spec_max_replicas',
    'Upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas.',
    (hpa, emit) => emit(hpa.spec.maxReplicas),
  ),
  gauge(
    'kube_horizontalpodautoscaler_spec_min_replicas',
    'Lower limit for the number of pods that can be set by the autoscaler, default 1.',
    (hpa, emit) => emit(hpa.spec.minReplicas ?? 1),
  ),
  gauge(
    'kube_horizontalpodautoscaler_spec_target_metric',
    'The metric specifications used by this autoscaler when calculating the desired replica count.',
    (hpa, emit) => {
      for (const metric of hpa.spec.metrics ?? []) {
        if (metric.type === 'Resource' && metric.resource)
          emitMetricValues(emit, metric.resource.name, metric.resource.target);
      }
    },
  ),
  gauge(
    'kube_horizontalpodautoscaler_status_target_metric',
    'The current metric status used by this autoscaler when calculating the desired replica count.',
    (hpa, emit) => {
      for (const metric of hpa.status?.currentMetrics ?? []) {
        if (metric.type === 'Resource' && metric.resource)
          emitMetricValues(emit, metric.resource.name, metric.resource.current);
      }
    },
  ),
  gauge(
    'kube_horizontalpodautoscaler_status_current_replicas',
    'Current number of replicas of pods managed by this autoscaler.',
    (hpa, emit) => emit(hpa.status?.currentReplicas ?? 0),
  ),
  gauge(
    'kube_horizontalpodautoscaler_status_desired_replicas',
    'Desired number of replicas of pods managed by this autoscaler.',
    (hpa, emit) => emit(hpa.status?.desiredReplicas ?? 0),
  ),
  gauge('kube_horizontalpodautoscaler_status_condition', 'The condition of this autoscaler.', (hpa, emit) => {
    for (const c of hpa.status?.conditions ?? [])
      emitConditionStatus(emit, c.status, 'status', { condition: c.type });
  }),
];

export const horizontalPodAutoscalerMetrics: ResourceMetrics<HorizontalPodAutoscaler> = {
  resource: builtinResources.find((d) => d.kind === 'HorizontalPodAutoscaler') as ResourceDefinition,
  ownLabels: (hpa) => ({
    namespace: hpa.metadata.namespace ?? '',
    horizontalpodautoscaler: hpa.metadata.name ?? '',
  }),
  families: horizontalPodAutoscalerFamilies,
};
