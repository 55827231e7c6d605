import { formatFieldError } from '../errors';
import { validateDeployment, validateSelectorUpdate } from './deployment.validation';

const deployment = (spec: Record<string, unknown> = {}) => ({
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx' }] },
    },
    ...spec,
  },
});
const text = (errs: ReturnType<typeof validateDeployment>) => errs.map(formatFieldError);

describe(validateDeployment.name, () => {
  it('accepts a matching selector and template', () => {
    expect(
      validateDeployment(
        deployment({
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '0%' } },
        }),
      ),
    ).toEqual([]);
  });

  it('refuses a selector that does not match the template labels', () => {
    expect(text(validateDeployment(deployment({ selector: { matchLabels: { app: 'api' } } })))).toEqual([
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('requires a non-empty selector', () => {
    expect(text(validateDeployment(deployment({ selector: undefined })))).toEqual([
      'spec.selector: Required value',
    ]);
    expect(text(validateDeployment(deployment({ selector: {} })))).toEqual([
      'spec.selector: Invalid value: {}: empty selector is invalid for deployment',
    ]);
  });

  it('checks replicas, strategy, history and deadlines', () => {
    const errs = validateDeployment(
      deployment({
        replicas: -1,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } },
        revisionHistoryLimit: -1,
        minReadySeconds: 10,
        progressDeadlineSeconds: 10,
      }),
    );
    expect(text(errs)).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0',
      'spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
      'spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds',
    ]);
    expect(validateDeployment(deployment({ strategy: { type: 'Canary' } }))[0].field).toBe(
      'spec.strategy.type',
    );
    expect(
      validateDeployment(deployment({ strategy: { rollingUpdate: { maxSurge: '10' } } }))[0].detail,
    ).toContain("a valid percent string must be a numeric string followed by an ending '%'");
    expect(
      validateDeployment(deployment({ strategy: { type: 'Recreate', rollingUpdate: {} } }))[0].field,
    ).toBe('spec.strategy.rollingUpdate');
  });

  it('validates the template as a pod that always restarts', () => {
    const errs = validateDeployment(
      deployment({
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { restartPolicy: 'Never', containers: [{ name: 'x' }] },
        },
      }),
    );
    expect(text(errs)).toEqual([
      'spec.template.spec.containers[0].image: Required value',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });
});

describe(validateSelectorUpdate.name, () => {
  it('keeps the selector immutable', () => {
    const old = deployment();
    expect(validateSelectorUpdate(deployment({ replicas: 5 }), old)).toEqual([]);
    expect(
      validateSelectorUpdate(deployment({ selector: { matchLabels: { app: 'x' } } }), old)[0],
    ).toMatchObject({
      field: 'spec.selector',
      detail: 'field is immutable',
    });
  });
});
