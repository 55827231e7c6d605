import { formatFieldError } from '../errors';
import { defaultLimitRange, defaultResourceQuota } from '../defaulting/policy.defaults';
import { validateLimitRange } from './limitrange.validation';
import { validateResourceQuota } from './resourcequota.validation';
import { validateServiceAccount } from './serviceaccount.validation';

const messages = (errs: ReturnType<typeof validateLimitRange>) => errs.map(formatFieldError);

describe('ResourceQuota, LimitRange and ServiceAccount validation', () => {
  it('accepts a quota of standard resources and object counts, and canonicalizes it', () => {
    const quota = {
      spec: {
        hard: { pods: '10', 'requests.cpu': '1.5', 'count/deployments.apps': 2, 'limits.memory': '1024Mi' },
      },
    };
    expect(validateResourceQuota(quota)).toEqual([]);
    defaultResourceQuota(quota);
    expect(quota.spec.hard).toEqual({
      pods: '10',
      'requests.cpu': '1500m',
      'count/deployments.apps': '2',
      'limits.memory': '1Gi',
    });
  });

  it('refuses unknown resources, negative or fractional counts and unknown scopes', () => {
    const errs = validateResourceQuota({
      spec: { hard: { pods: '1500m', 'requests.cpu': '-1', bananas: '1' }, scopes: ['Sometimes'] },
    });
    expect(messages(errs)).toEqual([
      'spec.hard[pods]: Invalid value: "1500m": must be an integer',
      'spec.hard[requests.cpu]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.hard[bananas]: Invalid value: "bananas": must be a standard resource for quota',
      expect.stringContaining('spec.scopes[0]: Unsupported value: "Sometimes"'),
    ]);
  });

  it('checks min <= defaultRequest <= default <= max and the item type', () => {
    const errs = validateLimitRange({
      spec: {
        limits: [
          { type: 'Container', min: { cpu: '1' }, max: { cpu: '500m' }, default: { cpu: '2' } },
          { type: 'Pod', default: { cpu: '1' } },
          { type: 'Node' },
        ],
      },
    });
    expect(messages(errs)).toEqual([
      'spec.limits[0].min[cpu]: Invalid value: "1": min value 1 is greater than max value 500m',
      'spec.limits[0].default[cpu]: Invalid value: "2": default value 2 is greater than max value 500m',
      "spec.limits[1].default: Forbidden: may not be specified when `type` is 'Pod'",
      expect.stringContaining('spec.limits[2].type: Unsupported value: "Node"'),
    ]);
  });

  it('names every broken pair of min, defaultRequest, default and max, per resource', () => {
    const errs = validateLimitRange({
      spec: {
        limits: [
          {
            type: 'Container',
            max: { cpu: '1' },
            min: { cpu: '4' },
            default: { cpu: '3', memory: '1Gi' },
            defaultRequest: { cpu: '2', memory: '2Gi' },
          },
        ],
      },
    });
    expect(messages(errs)).toEqual([
      'spec.limits[0].min[cpu]: Invalid value: "4": min value 4 is greater than max value 1',
      'spec.limits[0].defaultRequest[cpu]: Invalid value: "2": min value 4 is greater than default request value 2',
      'spec.limits[0].defaultRequest[cpu]: Invalid value: "2": default request value 2 is greater than max value 1',
      'spec.limits[0].default[cpu]: Invalid value: "3": min value 4 is greater than default value 3',
      'spec.limits[0].default[cpu]: Invalid value: "3": default value 3 is greater than max value 1',
      'spec.limits[0].defaultRequest[memory]: Invalid value: "2Gi": default request value 2Gi is greater than default limit value 1Gi',
    ]);
  });

  it('defaults a Container item: default from max, defaultRequest from default', () => {
    const lr = { spec: { limits: [{ type: 'Container', max: { cpu: '1' }, min: { memory: '64Mi' } }] } };
    defaultLimitRange(lr);
    expect(lr.spec.limits[0]).toEqual({
      type: 'Container',
      max: { cpu: '1' },
      min: { memory: '64Mi' },
      default: { cpu: '1' },
      defaultRequest: { cpu: '1', memory: '64Mi' },
    });
  });

  it("checks a ServiceAccount's references", () => {
    expect(validateServiceAccount({ secrets: [{ name: 'a' }], automountServiceAccountToken: false })).toEqual(
      [],
    );
    expect(messages(validateServiceAccount({ secrets: 'x' }))).toHaveLength(1);
  });
});
