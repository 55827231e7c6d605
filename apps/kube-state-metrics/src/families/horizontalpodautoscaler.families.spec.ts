import type { HorizontalPodAutoscaler } from '@orchestra/api';
import { seriesOf } from '../../test/series-of';
import { horizontalPodAutoscalerMetrics } from './horizontalpodautoscaler.families';

const own = 'namespace="shop",horizontalpodautoscaler="web"';

const hpa: HorizontalPodAutoscaler = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'shop', generation: 2, labels: { app: 'web' } },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 1,
    maxReplicas: 5,
    metrics: [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
      },
      {
        type: 'Resource',
        resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '64Mi' } },
      },
    ],
  },
  status: {
    currentReplicas: 2,
    desiredReplicas: 4,
    currentMetrics: [
      {
        type: 'Resource',
        resource: { name: 'cpu', current: { averageUtilization: 90, averageValue: '90m' } },
      },
    ],
    conditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale' }],
  },
};

describe('horizontalpodautoscaler families', () => {
  it("exports kube-state-metrics' HPA series", () => {
    expect(seriesOf(horizontalPodAutoscalerMetrics, hpa)).toEqual([
      `kube_horizontalpodautoscaler_info{${own},scaletargetref_api_version="apps/v1",scaletargetref_kind="Deployment",scaletargetref_name="web"} 1`,
      `kube_horizontalpodautoscaler_labels{${own}} 1`,
      `kube_horizontalpodautoscaler_metadata_generation{${own}} 2`,
      `kube_horizontalpodautoscaler_spec_max_replicas{${own}} 5`,
      `kube_horizontalpodautoscaler_spec_min_replicas{${own}} 1`,
      `kube_horizontalpodautoscaler_spec_target_metric{${own},metric_name="cpu",metric_target_type="utilization"} 50`,
      `kube_horizontalpodautoscaler_spec_target_metric{${own},metric_name="memory",metric_target_type="average"} 67108864`,
      `kube_horizontalpodautoscaler_status_target_metric{${own},metric_name="cpu",metric_target_type="average"} 0.09`,
      `kube_horizontalpodautoscaler_status_target_metric{${own},metric_name="cpu",metric_target_type="utilization"} 90`,
      `kube_horizontalpodautoscaler_status_current_replicas{${own}} 2`,
      `kube_horizontalpodautoscaler_status_desired_replicas{${own}} 4`,
      `kube_horizontalpodautoscaler_status_condition{${own},condition="AbleToScale",status="true"} 1`,
      `kube_horizontalpodautoscaler_status_condition{${own},condition="AbleToScale",status="false"} 0`,
      `kube_horizontalpodautoscaler_status_condition{${own},condition="AbleToScale",status="unknown"} 0`,
    ]);
  });

  it('defaults minReplicas to 1 and reports 0 replicas before the first sync', () => {
    const fresh = { ...hpa, spec: { ...hpa.spec, minReplicas: undefined }, status: undefined };
    expect(
      seriesOf(
        horizontalPodAutoscalerMetrics,
        fresh,
        'kube_horizontalpodautoscaler_spec_min_replicas',
        'kube_horizontalpodautoscaler_status_desired_replicas',
      ),
    ).toEqual([
      `kube_horizontalpodautoscaler_spec_min_replicas{${own}} 1`,
      `kube_horizontalpodautoscaler_status_desired_replicas{${own}} 0`,
    ]);
  });
});
