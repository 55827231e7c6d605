/**
 * autoscaling/v1 ⇄ autoscaling/v2 HorizontalPodAutoscaler (pkg/apis/autoscaling/v1/conversion.go):
 * v1's single targetCPUUtilizationPercentage is v2's cpu Utilization metric, and v1's
 * currentCPUUtilizationPercentage the cpu metric's current averageUtilization. What v1 cannot
 * hold (other metrics, behavior, conditions) Kubernetes keeps in annotations; Orchestra drops it
 * from the v1 view and keeps it in the stored v2 object.
 */
import type { HorizontalPodAutoscaler, KubeObject, ObjectMeta } from '@orchestra/api';

export interface HorizontalPodAutoscalerV1 extends KubeObject {
  metadata: ObjectMeta;
  spec: {
    scaleTargetRef: { kind: string; name: string; apiVersion?: string };
    minReplicas?: number;
    maxReplicas: number;
    targetCPUUtilizationPercentage?: number;
  };
  status?: {
    observedGeneration?: number;
    lastScaleTime?: string;
    currentReplicas: number;
    desiredReplicas: number;
    currentCPUUtilizationPercentage?: number;
  };
}

/** A v1 body (as posted) as the v2 object to store; the status is the controller's to write. */
export function hpaV1ToV2(v1: Record<string, unknown>): HorizontalPodAutoscaler {
  const object = v1 as unknown as HorizontalPodAutoscalerV1;
  const spec = object.spec ?? ({} as HorizontalPodAutoscalerV1['spec']);
  const { targetCPUUtilizationPercentage, ...rest } = spec;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: object.metadata ?? {},
    spec: {
      ...rest,
      ...(targetCPUUtilizationPercentage !== undefined && {
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: targetCPUUtilizationPercentage },
            },
          },
        ],
      }),
    },
  };
}

export function hpaV2ToV1(v2: HorizontalPodAutoscaler): HorizontalPodAutoscalerV1 {
  const cpu = v2.spec.metrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
  const target = cpu?.resource?.target.averageUtilization;
  const current = v2.status?.currentMetrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu')
    ?.resource?.current.averageUtilization;
  const status = v2.status;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: v2.metadata,
    spec: {
      scaleTargetRef: v2.spec.scaleTargetRef,
      ...(v2.spec.minReplicas !== undefined && { minReplicas: v2.spec.minReplicas }),
      maxReplicas: v2.spec.maxReplicas,
      ...(target !== undefined && { targetCPUUtilizationPercentage: target }),
    },
    status: {
      ...(status?.observedGeneration !== undefined && { observedGeneration: status.observedGeneration }),
      ...(status?.lastScaleTime && { lastScaleTime: status.lastScaleTime }),
      currentReplicas: status?.currentReplicas ?? 0,
      desiredReplicas: status?.desiredReplicas ?? 0,
      ...(current !== undefined && { currentCPUUtilizationPercentage: current }),
    },
  };
}
