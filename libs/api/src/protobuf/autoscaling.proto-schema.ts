/**
 * autoscaling/v2 and autoscaling/v1 HorizontalPodAutoscaler (k8s.io/api/autoscaling/v{1,2}/
 * generated.proto), for what `kubectl autoscale` (≥ 1.32) posts. Both packages name their
 * messages alike; the v1 ones carry a `V1` suffix here. Field numbers are Kubernetes'; only the
 * metric source Orchestra acts on (Resource) is decoded.
 */
import { ProtoMessageTable } from './proto-field';

export const autoscalingProtoMessages: ProtoMessageTable = {
  HorizontalPodAutoscaler: {
    1: 'metadata: ObjectMeta',
    2: 'spec: HorizontalPodAutoscalerSpec',
    3: 'status: HorizontalPodAutoscalerStatus',
  },
  HorizontalPodAutoscalerSpec: {
    1: 'scaleTargetRef!: CrossVersionObjectReference',
    2: 'minReplicas?: int32',
    3: 'maxReplicas!: int32',
    4: 'metrics: MetricSpec[]',
    5: 'behavior?: HorizontalPodAutoscalerBehavior',
  },
  CrossVersionObjectReference: {
    1: 'kind!: string',
    2: 'name!: string',
    3: 'apiVersion: string',
  },
  MetricSpec: {
    1: 'type!: string',
    4: 'resource?: ResourceMetricSource',
  },
  ResourceMetricSource: {
    1: 'name!: string',
    2: 'target!: MetricTarget',
  },
  MetricTarget: {
    1: 'type!: string',
    2: 'value?: Quantity',
    3: 'averageValue?: Quantity',
    4: 'averageUtilization?: int32',
  },
  HorizontalPodAutoscalerBehavior: {
    1: 'scaleUp?: HPAScalingRules',
    2: 'scaleDown?: HPAScalingRules',
  },
  HPAScalingRules: {
    1: 'selectPolicy?: string',
    2: 'policies: HPAScalingPolicy[]',
    3: 'stabilizationWindowSeconds?: int32',
  },
  HPAScalingPolicy: {
    1: 'type!: string',
    2: 'value!: int32',
    3: 'periodSeconds!: int32',
  },
  HorizontalPodAutoscalerStatus: {
    1: 'observedGeneration?: int64',
    2: 'lastScaleTime?: Time',
    3: 'currentReplicas: int32',
    4: 'desiredReplicas!: int32',
    6: 'conditions: HorizontalPodAutoscalerCondition[]',
  },
  HorizontalPodAutoscalerCondition: {
    1: 'type!: string',
    2: 'status!: string',
    3: 'lastTransitionTime: Time',
    4: 'reason: string',
    5: 'message: string',
  },
  HorizontalPodAutoscalerV1: {
    1: 'metadata: ObjectMeta',
    2: 'spec: HorizontalPodAutoscalerSpecV1',
    3: 'status: HorizontalPodAutoscalerStatusV1',
  },
  HorizontalPodAutoscalerSpecV1: {
    1: 'scaleTargetRef!: CrossVersionObjectReference',
    2: 'minReplicas?: int32',
    3: 'maxReplicas!: int32',
    4: 'targetCPUUtilizationPercentage?: int32',
  },
  HorizontalPodAutoscalerStatusV1: {
    1: 'observedGeneration?: int64',
    2: 'lastScaleTime?: Time',
    3: 'currentReplicas!: int32',
    4: 'desiredReplicas!: int32',
    5: 'currentCPUUtilizationPercentage?: int32',
  },
};
