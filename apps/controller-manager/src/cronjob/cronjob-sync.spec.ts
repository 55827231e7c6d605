import { CronJob, Job } from '@orchestra/api';
import { jobFromCronJob, jobNameFor, scheduledTimestampAnnotation, syncCronJob } from './cronjob-sync';

const t = (iso: string) => Date.parse(iso);

function cronJob(spec: Partial<CronJob['spec']> = {}, status?: CronJob['status']): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: {
      name: 'tick',
      namespace: 'default',
      uid: 'cj-uid',
      creationTimestamp: '2026-01-01T00:00:30Z',
    },
    spec: {
      schedule: '*/5 * * * *',
      concurrencyPolicy: 'Allow',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [] } } } },
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}

function job(name: string, state: 'running' | 'Complete' | 'Failed', start: string): Job {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: start },
    spec: { template: { spec: { containers: [] } } },
    status: {
      startTime: start,
      ...(state === 'running' ? {} : { conditions: [{ type: state, status: 'True' as const }] }),
      ...(state === 'Complete' ? { completionTime: start } : {}),
    },
  };
}

describe(syncCronJob.name, () => {
  it('starts a Job for the latest schedule time since the last one, and requeues for the next', () => {
    const result = syncCronJob(cronJob(), [], t('2026-01-01T00:07:00Z'));
    expect(result.createFor).toBe(t('2026-01-01T00:05:00Z'));
    expect(result.status.lastScheduleTime).toBe('2026-01-01T00:05:00Z');
    expect(result.requeueAfterMs).toBe(3 * 60_000 + 100);
  });

  it('starts nothing before the first schedule time, nor twice for the same time', () => {
    expect(syncCronJob(cronJob(), [], t('2026-01-01T00:04:59Z')).createFor).toBeUndefined();
    const ran = cronJob({}, { lastScheduleTime: '2026-01-01T00:05:00Z' });
    expect(syncCronJob(ran, [], t('2026-01-01T00:07:00Z')).createFor).toBeUndefined();
  });

  it('Forbid skips a run while one is active; Replace deletes the active one', () => {
    const now = t('2026-01-01T00:10:10Z');
    const status = { lastScheduleTime: '2026-01-01T00:05:00Z' };
    const running = job('tick-1', 'running', '2026-01-01T00:05:00Z');
    const forbid = syncCronJob(cronJob({ concurrencyPolicy: 'Forbid' }, status), [running], now);
    expect(forbid).toMatchObject({ skipped: true, deleteJobs: [] });
    expect(forbid.createFor).toBeUndefined();
    const replace = syncCronJob(cronJob({ concurrencyPolicy: 'Replace' }, status), [running], now);
    expect(replace.deleteJobs).toEqual([running]);
    expect(replace.createFor).toBe(t('2026-01-01T00:10:00Z'));
    const allow = syncCronJob(cronJob({}, status), [running], now);
    expect(allow.deleteJobs).toEqual([]);
    expect(allow.createFor).toBe(t('2026-01-01T00:10:00Z'));
    expect(allow.status.active).toEqual([expect.objectContaining({ name: 'tick-1', uid: 'uid-tick-1' })]);
  });

  it('deletes the oldest finished Jobs beyond the history limits and records the last success', () => {
    const jobs = [
      job('s1', 'Complete', '2026-01-01T00:01:00Z'),
      job('s2', 'Complete', '2026-01-01T00:02:00Z'),
      job('s3', 'Complete', '2026-01-01T00:03:00Z'),
      job('s4', 'Complete', '2026-01-01T00:04:00Z'),
      job('f1', 'Failed', '2026-01-01T00:01:30Z'),
      job('f2', 'Failed', '2026-01-01T00:02:30Z'),
    ];
    const result = syncCronJob(
      cronJob({}, { lastScheduleTime: '2026-01-01T00:05:00Z' }),
      jobs,
      t('2026-01-01T00:06:00Z'),
    );
    expect(result.deleteJobs.map((j) => j.metadata.name)).toEqual(['s1', 'f1']);
    expect(result.status.lastSuccessfulTime).toBe('2026-01-01T00:04:00Z');
  });

  it('does nothing while suspended', () => {
    const result = syncCronJob(cronJob({ suspend: true }), [], t('2026-01-01T00:07:00Z'));
    expect(result.createFor).toBeUndefined();
  });

  it('honours startingDeadlineSeconds: a run missed by more is not started', () => {
    const result = syncCronJob(cronJob({ startingDeadlineSeconds: 30 }), [], t('2026-01-01T00:07:00Z'));
    expect(result.createFor).toBeUndefined();
  });
});

describe(jobFromCronJob.name, () => {
  it('names the Job by the schedule minute, owned by the CronJob, with the scheduled-timestamp annotation', () => {
    const ref = { apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: 'cj-uid', controller: true };
    const at = t('2026-01-01T00:05:00Z');
    const created = jobFromCronJob(cronJob(), at, ref);
    expect(created.metadata.name).toBe(jobNameFor(cronJob(), at));
    expect(created.metadata.name).toBe(`tick-${at / 60_000}`);
    expect(created.metadata.ownerReferences).toEqual([ref]);
    expect(created.metadata.annotations).toEqual({ [scheduledTimestampAnnotation]: '2026-01-01T00:05:00Z' });
  });
});
