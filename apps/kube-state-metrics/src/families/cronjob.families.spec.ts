import type { CronJob } from '@orchestra/api';
import { seriesOf } from '../../test/series-of';
import { cronJobMetrics, nextScheduleTime } from './cronjob.families';

const own = 'namespace="batch",cronjob="report"';

const cronJob: CronJob = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: {
    name: 'report',
    namespace: 'batch',
    creationTimestamp: '2024-05-01T10:00:00Z',
    labels: { team: 'data' },
  },
  spec: {
    schedule: '*/15 * * * *',
    concurrencyPolicy: 'Forbid',
    suspend: false,
    startingDeadlineSeconds: 120,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
    jobTemplate: { spec: { template: { spec: { containers: [{ name: 'report' }] } } } },
  },
  status: {
    active: [{ kind: 'Job', name: 'report-28580490', namespace: 'batch' }],
    lastScheduleTime: '2024-05-01T11:30:00Z',
    lastSuccessfulTime: '2024-05-01T11:15:40Z',
  },
};

describe('cronjob families', () => {
  it("exports kube-state-metrics' info, schedule times, active Jobs, spec fields and labels", () => {
    expect(seriesOf(cronJobMetrics, cronJob)).toEqual([
      `kube_cronjob_labels{${own},label_team="data"} 1`,
      `kube_cronjob_info{${own},schedule="*/15 * * * *",concurrency_policy="Forbid",timezone="local"} 1`,
      `kube_cronjob_created{${own}} 1714557600`,
      `kube_cronjob_status_active{${own}} 1`,
      `kube_cronjob_status_last_schedule_time{${own}} 1714563000`,
      `kube_cronjob_status_last_successful_time{${own}} 1714562140`,
      `kube_cronjob_spec_suspend{${own}} 0`,
      `kube_cronjob_spec_starting_deadline_seconds{${own}} 120`,
      // 11:45, the next quarter hour after the last schedule time.
      `kube_cronjob_next_schedule_time{${own}} 1714563900`,
      `kube_cronjob_spec_successful_job_history_limit{${own}} 3`,
      `kube_cronjob_spec_failed_job_history_limit{${own}} 1`,
    ]);
  });

  it('counts from the creation time before the first run, in spec.timeZone when set', () => {
    const fresh: CronJob = { ...cronJob, status: undefined };
    // Created 10:00:00 UTC: the next */15 is 10:15.
    expect(nextScheduleTime(fresh)).toBe(Date.parse('2024-05-01T10:15:00Z') / 1000);
    const daily: CronJob = {
      ...fresh,
      spec: { ...fresh.spec, schedule: '0 9 * * *', timeZone: 'Europe/Berlin' },
    };
    // 09:00 in Berlin (UTC+2 in May) is 07:00 UTC, already past at 10:00 UTC: the next day's.
    expect(nextScheduleTime(daily)).toBe(Date.parse('2024-05-02T07:00:00Z') / 1000);
    expect(seriesOf(cronJobMetrics, daily, 'kube_cronjob_info')).toEqual([
      `kube_cronjob_info{${own},schedule="0 9 * * *",concurrency_policy="Forbid",timezone="Europe/Berlin"} 1`,
    ]);
  });

  it('has no next schedule time while suspended, and no series for unset times and limits', () => {
    const suspended: CronJob = {
      ...cronJob,
      spec: { schedule: '@hourly', suspend: true, jobTemplate: cronJob.spec.jobTemplate },
      status: {},
    };
    const lines = seriesOf(cronJobMetrics, suspended);
    expect(lines).toContain(`kube_cronjob_spec_suspend{${own}} 1`);
    expect(lines).toContain(`kube_cronjob_status_active{${own}} 0`);
    const names = lines.map((line) => line.slice(0, line.indexOf('{')));
    for (const absent of [
      'kube_cronjob_next_schedule_time',
      'kube_cronjob_status_last_schedule_time',
      'kube_cronjob_spec_starting_deadline_seconds',
      'kube_cronjob_spec_successful_job_history_limit',
    ])
      expect(names).not.toContain(absent);
    expect(nextScheduleTime({ ...suspended, spec: { ...suspended.spec, suspend: false } })).toBe(
      Date.parse('2024-05-01T11:00:00Z') / 1000,
    );
  });
});
