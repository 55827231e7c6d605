import { formatFieldError } from '../errors';
import { defaultJob } from '../defaulting';
import { validateJob } from './job.validation';

const job = (podSpec: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({
  spec: {
    template: { spec: { containers: [{ name: 'c', image: 'orchestra/batch' }], ...podSpec } },
    ...spec,
  },
});

describe(validateJob.name, () => {
  it('accepts restartPolicy Never and OnFailure', () => {
    expect(validateJob(job({ restartPolicy: 'Never' }))).toEqual([]);
    expect(validateJob(job({ restartPolicy: 'OnFailure' }))).toEqual([]);
  });

  it('rejects restartPolicy Always (the pod default) as Kubernetes does', () => {
    const obj = job({});
    defaultJob(obj);
    expect(validateJob(obj).map(formatFieldError)).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ]);
  });

  it('rejects negative counts and a non-positive deadline', () => {
    const errs = validateJob(
      job({ restartPolicy: 'Never' }, { parallelism: -1, backoffLimit: -1, activeDeadlineSeconds: 0 }),
    );
    expect(errs.map((e) => e.field)).toEqual([
      'spec.parallelism',
      'spec.backoffLimit',
      'spec.activeDeadlineSeconds',
    ]);
  });
});

describe(defaultJob.name, () => {
  it('defaults completions and parallelism to 1 and backoffLimit to 6', () => {
    const obj = job({ restartPolicy: 'Never' });
    defaultJob(obj);
    expect(obj.spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
    });
  });
});

describe('defaultJob selector', () => {
  it('selects the controller uid and labels the template, as Kubernetes generateSelector', () => {
    const obj: Record<string, any> = {
      metadata: { name: 'pi', uid: 'u-1' },
      ...job({ restartPolicy: 'Never' }),
    };
    defaultJob(obj);
    expect(obj.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
    expect(obj.spec.template.metadata.labels).toEqual({
      'batch.kubernetes.io/controller-uid': 'u-1',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': 'u-1',
      'job-name': 'pi',
    });
  });
});
