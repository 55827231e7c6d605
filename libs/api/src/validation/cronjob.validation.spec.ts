import { defaultCronJob } from '../defaulting';
import { formatFieldError } from '../errors';
import { validateCronJob } from './cronjob.validation';

const cronJob = (
  schedule: unknown,
  extra: Record<string, unknown> = {},
  podSpec: Record<string, unknown> = {},
) => ({
  spec: {
    schedule,
    jobTemplate: {
      spec: {
        template: {
          spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'orchestra/batch' }], ...podSpec },
        },
      },
    },
    ...extra,
  },
});

describe(validateCronJob.name, () => {
  it('accepts standard schedules and descriptors', () => {
    for (const schedule of ['*/5 * * * *', '0 3 * * 1-5', '@hourly']) {
      expect(validateCronJob(cronJob(schedule))).toEqual([]);
    }
  });

  it('rejects a schedule that is not 5 fields, and a missing one', () => {
    expect(validateCronJob(cronJob('* * * * * *')).map(formatFieldError)).toEqual([
      'spec.schedule: Invalid value: "* * * * * *": expected exactly 5 fields, found 6: * * * * * *',
    ]);
    expect(validateCronJob(cronJob(undefined)).map(formatFieldError)).toEqual([
      'spec.schedule: Required value',
    ]);
    expect(validateCronJob(cronJob('61 * * * *'))).toHaveLength(1);
  });

  it('checks the concurrency policy and the job template like a Job', () => {
    const errs = validateCronJob(
      cronJob('* * * * *', { concurrencyPolicy: 'Sometimes' }, { restartPolicy: 'Always' }),
    );
    expect(errs.map((e) => e.field)).toEqual([
      'spec.concurrencyPolicy',
      'spec.jobTemplate.spec.template.spec.restartPolicy',
    ]);
  });
});

describe(defaultCronJob.name, () => {
  it('defaults the policy, the history limits and the job template', () => {
    const obj = cronJob('* * * * *');
    defaultCronJob(obj);
    expect(obj.spec).toMatchObject({
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { spec: { completions: 1, parallelism: 1, backoffLimit: 6 } },
    });
  });
});
