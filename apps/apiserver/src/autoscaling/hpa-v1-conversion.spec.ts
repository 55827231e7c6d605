import { HorizontalPodAutoscaler } from '@orchestra/api';
import { hpaV1ToV2, hpaV2ToV1 } from './hpa-v1-conversion';

describe('autoscaling/v1 ⇄ v2 HorizontalPodAutoscaler', () => {
  it('turns targetCPUUtilizationPercentage into a cpu Utilization metric, as kubectl autoscale posts it', () => {
    const v2 = hpaV1ToV2({
      kind: 'HorizontalPodAutoscaler',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
        minReplicas: 1,
        maxReplicas: 5,
        targetCPUUtilizationPercentage: 50,
      },
      status: { currentReplicas: 0, desiredReplicas: 0 },
    });
    expect(v2).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
        minReplicas: 1,
        maxReplicas: 5,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
          },
        ],
      },
    });
    // Without a target, v2's defaulting gives the cpu metric at 80%.
    expect(
      hpaV1ToV2({ spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 2 } }).spec,
    ).not.toHaveProperty('metrics');
  });

  it('shows the stored v2 object with its cpu target and current utilization', () => {
    const stored: HorizontalPodAutoscaler = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
        minReplicas: 1,
        maxReplicas: 5,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
          },
        ],
      },
      status: {
        observedGeneration: 1,
        currentReplicas: 2,
        desiredReplicas: 3,
        lastScaleTime: '2026-11-24T12:00:00Z',
        currentMetrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', current: { averageUtilization: 75, averageValue: '75m' } },
          },
        ],
      },
    };
    expect(hpaV2ToV1(stored)).toEqual({
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
        minReplicas: 1,
        maxReplicas: 5,
        targetCPUUtilizationPercentage: 50,
      },
      status: {
        observedGeneration: 1,
        lastScaleTime: '2026-11-24T12:00:00Z',
        currentReplicas: 2,
        desiredReplicas: 3,
        currentCPUUtilizationPercentage: 75,
      },
    });
  });
});
