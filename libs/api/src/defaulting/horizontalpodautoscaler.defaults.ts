/**
 * HorizontalPodAutoscaler defaulting (autoscaling/v2 SetDefaults_HorizontalPodAutoscaler):
 * minReplicas 1, a cpu target of 80% when no metric is given, and a given behavior completed
 * rule by rule with Kubernetes' scale-up and scale-down defaults. An absent behavior stays absent
 * (the controller then uses the same defaults), as in Kubernetes.
 */
import type { HPAScalingRules } from '../types';
import { isRecord, Obj } from '../validation/shape';

/** autoscaling.DefaultCPUUtilization. */
export const DEFAULT_CPU_UTILIZATION = 80;

/** GenerateHPAScaleUpRules' defaults: double or add 4 pods every 15 s, whichever is more, at once. */
export const defaultScaleUpRules = (): Required<HPAScalingRules> => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
});

/** GenerateHPAScaleDownRules' defaults: down to the highest recommendation of the last 5 minutes. */
export const defaultScaleDownRules = (): Required<HPAScalingRules> => ({
  stabilizationWindowSeconds: 300,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
});

export function defaultHorizontalPodAutoscaler(hpa: Obj): void {
  const spec = hpa.spec;
  if (!isRecord(spec)) return;
  const unset = (v: unknown) => v === undefined || v === null;
  if (unset(spec.minReplicas)) spec.minReplicas = 1;
  if (unset(spec.metrics) || (Array.isArray(spec.metrics) && spec.metrics.length === 0)) {
    spec.metrics = [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION },
        },
      },
    ];
  }
  if (isRecord(spec.behavior)) {
    spec.behavior.scaleUp = completeRules(spec.behavior.scaleUp, defaultScaleUpRules());
    spec.behavior.scaleDown = completeRules(spec.behavior.scaleDown, defaultScaleDownRules());
  }
}

/** The given rules with each unset field taken from the defaults (generateHPAScaleRules). */
function completeRules(given: unknown, defaults: Required<HPAScalingRules>): unknown {
  if (!isRecord(given)) return given === undefined || given === null ? defaults : given;
  const rules = { ...given };
  if (rules.stabilizationWindowSeconds === undefined || rules.stabilizationWindowSeconds === null)
    rules.stabilizationWindowSeconds = defaults.stabilizationWindowSeconds;
  if (rules.selectPolicy === undefined || rules.selectPolicy === null)
    rules.selectPolicy = defaults.selectPolicy;
  if (rules.policies === undefined || rules.policies === null) rules.policies = defaults.policies;
  return rules;
}
