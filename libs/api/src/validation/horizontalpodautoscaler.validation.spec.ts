import { defaultHorizontalPodAutoscaler } from '../defaulting';
import { formatFieldError } from '../errors';
import { validateHorizontalPodAutoscaler } from './horizontalpodautoscaler.validation';

const hpa = (spec: Record<string, unknown>) => ({
  metadata: { name: 'web' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    maxReplicas: 5,
    ...spec,
  },
});
const errors = (spec: Record<string, unknown>) =>
  validateHorizontalPodAutoscaler(hpa(spec)).map(formatFieldError);

describe(defaultHorizontalPodAutoscaler.name, () => {
  it('defaults minReplicas to 1 and the metrics to cpu at 80%, and leaves an absent behavior absent', () => {
    const obj = hpa({});
    defaultHorizontalPodAutoscaler(obj);
    expect(obj.spec).toMatchObject({
      minReplicas: 1,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
        },
      ],
    });
    expect(obj.spec).not.toHaveProperty('behavior');
  });

  it("completes a given behavior with Kubernetes' scale-up and scale-down rules", () => {
    const obj = hpa({ behavior: { scaleDown: { stabilizationWindowSeconds: 10 } } });
    defaultHorizontalPodAutoscaler(obj);
    expect((obj.spec as Record<string, unknown>).behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: {
        stabilizationWindowSeconds: 10,
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
      },
    });
  });
});

describe(validateHorizontalPodAutoscaler.name, () => {
  it('accepts a cpu Utilization target and an AverageValue one', () => {
    const cpu = (target: Record<string, unknown>) => [
      { type: 'Resource', resource: { name: 'cpu', target } },
    ];
    expect(errors({ minReplicas: 1, metrics: cpu({ type: 'Utilization', averageUtilization: 50 }) })).toEqual(
      [],
    );
    expect(errors({ metrics: cpu({ type: 'AverageValue', averageValue: '200m' }) })).toEqual([]);
  });

  it('requires the scale target kind and name', () => {
    expect(errors({ scaleTargetRef: { name: '' } })).toEqual([
      'spec.scaleTargetRef.kind: Required value',
      'spec.scaleTargetRef.name: Required value',
    ]);
  });

  it('wants maxReplicas >= minReplicas >= 1', () => {
    expect(errors({ minReplicas: 0 })).toEqual([
      'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
    ]);
    expect(errors({ minReplicas: 6 })).toEqual([
      'spec.maxReplicas: Invalid value: 5: must be greater than or equal to `minReplicas`',
    ]);
    expect(errors({ maxReplicas: undefined })).toEqual(['spec.maxReplicas: Required value']);
  });

  it('takes Resource metrics with a Utilization or AverageValue target only', () => {
    expect(errors({ metrics: [{ type: 'Pods' }] })).toEqual([
      'spec.metrics[0].type: Unsupported value: "Pods": supported values: "Resource"',
    ]);
    expect(
      errors({
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Value', value: '1' } } }],
      }),
    ).toEqual([
      'spec.metrics[0].resource.target.type: Unsupported value: "Value": supported values: "Utilization", "AverageValue"',
    ]);
    expect(
      errors({ metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }] }),
    ).toEqual([
      'spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization',
    ]);
    expect(
      errors({
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } },
          },
        ],
      }),
    ).toEqual([
      'spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0',
    ]);
  });

  it('bounds stabilizationWindowSeconds to 0..3600 and checks the policies', () => {
    expect(
      errors({
        behavior: {
          scaleDown: { stabilizationWindowSeconds: 3601 },
          scaleUp: {
            stabilizationWindowSeconds: -1,
            selectPolicy: 'Most',
            policies: [{ type: 'Pods', value: 0, periodSeconds: 1801 }],
          },
        },
      }),
    ).toEqual([
      'spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: -1: must be greater than or equal to zero',
      'spec.behavior.scaleUp.selectPolicy: Unsupported value: "Most": supported values: "Max", "Min", "Disabled"',
      'spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero',
      'spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800',
      'spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 3601: must be less than or equal to 3600',
    ]);
  });
});
