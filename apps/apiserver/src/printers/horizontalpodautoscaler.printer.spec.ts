import { HorizontalPodAutoscaler, MetricSpec } from '@orchestra/api';
import { formatHpaTargets, horizontalPodAutoscalerPrinter } from './horizontalpodautoscaler.printer';

const now = new Date('2026-01-10T12:00:00Z');
const cpu = (averageUtilization: number): MetricSpec => ({
  type: 'Resource',
  resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } },
});
const hpa = (extra: Partial<HorizontalPodAutoscaler> = {}): HorizontalPodAutoscaler => ({
  metadata: { name: 'web', creationTimestamp: '2026-01-10T11:55:00Z' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 1,
    maxReplicas: 5,
    metrics: [cpu(50)],
  },
  ...extra,
});

describe('horizontalPodAutoscalerPrinter', () => {
  it('prints the columns of kubectl get hpa (1.32)', () => {
    expect(horizontalPodAutoscalerPrinter.columns.map((c) => c.name)).toEqual([
      'Name',
      'Reference',
      'Targets',
      'MinPods',
      'MaxPods',
      'Replicas',
      'Age',
    ]);
    const measured = hpa({
      status: {
        currentReplicas: 2,
        desiredReplicas: 3,
        currentMetrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', current: { averageUtilization: 34, averageValue: '34m' } },
          },
        ],
      },
    });
    expect(horizontalPodAutoscalerPrinter.print(measured, now).cells).toEqual([
      'web',
      'Deployment/web',
      'cpu: 34%/50%',
      1,
      5,
      2,
      '5m',
    ]);
  });

  it('shows <unknown> before the first measurement, <unset> minReplicas, average values and more metrics', () => {
    expect(formatHpaTargets(hpa())).toBe('cpu: <unknown>/50%');
    expect(
      horizontalPodAutoscalerPrinter.print(hpa({ spec: { ...hpa().spec, minReplicas: undefined } }), now)
        .cells[3],
    ).toBe('<unset>');
    const memory: MetricSpec = {
      type: 'Resource',
      resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '64Mi' } },
    };
    expect(formatHpaTargets(hpa({ spec: { ...hpa().spec, metrics: [memory] } }))).toBe(
      'memory: <unknown>/64Mi',
    );
    expect(
      formatHpaTargets(hpa({ spec: { ...hpa().spec, metrics: [cpu(1), cpu(2), cpu(3), cpu(4), cpu(5)] } })),
    ).toBe('cpu: <unknown>/1%, cpu: <unknown>/2%, cpu: <unknown>/3%, cpu: <unknown>/4% + 1 more...');
    expect(formatHpaTargets(hpa({ spec: { ...hpa().spec, metrics: [] } }))).toBe('<none>');
  });
});
