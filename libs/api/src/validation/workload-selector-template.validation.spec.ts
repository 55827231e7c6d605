import { formatFieldError, path } from '../errors';
import { validateWorkloadSelectorAndTemplate } from './workload-selector-template.validation';

const spec = (fields: Record<string, unknown> = {}) => ({
  selector: { matchLabels: { app: 'db' } },
  template: {
    metadata: { labels: { app: 'db' } },
    spec: { containers: [{ name: 'db', image: 'postgres:16' }] },
  },
  ...fields,
});
const check = (fields: Record<string, unknown>) =>
  validateWorkloadSelectorAndTemplate(spec(fields), path('spec')).map(formatFieldError);

describe(validateWorkloadSelectorAndTemplate.name, () => {
  it('accepts a selector that matches the template labels', () => {
    expect(check({})).toEqual([]);
  });

  it('requires a non-empty selector, and then does not match the template against it', () => {
    expect(check({ selector: undefined })).toEqual(['spec.selector: Required value']);
    expect(check({ selector: {} })).toEqual([
      'spec.selector: Invalid value: {}: empty selector is invalid for deployment',
    ]);
  });

  it('reports the selector first, then the template', () => {
    const errs = check({
      selector: { matchLabels: { app: 'other' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { restartPolicy: 'Never', containers: [] } },
    });
    expect(errs[0]).toBe(
      'spec.template.metadata.labels: Invalid value: {"app":"db"}: `selector` does not match template `labels`',
    );
    expect(errs).toContain(
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    );
  });

  it('requires the template', () => {
    expect(check({ template: undefined })).toEqual(['spec.template: Required value']);
  });
});
