import type { Job } from '@orchestra/api';
import { seriesOf } from '../../test/series-of';
import { jobMetrics } from './job.families';

const own = 'namespace="batch",job_name="report-28000000"';

const running: Job = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: {
    name: 'report-28000000',
    namespace: 'batch',
    creationTimestamp: '2024-05-01T10:00:00Z',
    labels: { 'batch.kubernetes.io/job-name': 'report-28000000' },
    ownerReferences: [
      { apiVersion: 'batch/v1', kind: 'CronJob', name: 'report', uid: 'u1', controller: true },
    ],
  },
  spec: {
    parallelism: 2,
    completions: 5,
    activeDeadlineSeconds: 600,
    template: { spec: { containers: [{ name: 'report' }] } },
  },
  status: { active: 2, succeeded: 1, ready: 1, startTime: '2024-05-01T10:00:05Z' },
};

const failed: Job = {
  ...running,
  metadata: { ...running.metadata, ownerReferences: undefined, labels: undefined },
  status: {
    active: 0,
    succeeded: 1,
    failed: 7,
    startTime: '2024-05-01T10:00:05Z',
    conditions: [
      { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded' },
      { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' },
    ],
  },
};

describe('job families', () => {
  it("exports a running Job's spec, counts, start time, owner and labels, with no condition series yet", () => {
    expect(seriesOf(jobMetrics, running)).toEqual([
      `kube_job_labels{${own},label_batch_kubernetes_io_job_name="report-28000000"} 1`,
      `kube_job_info{${own}} 1`,
      `kube_job_created{${own}} 1714557600`,
      `kube_job_spec_parallelism{${own}} 2`,
      `kube_job_spec_completions{${own}} 5`,
      `kube_job_spec_active_deadline_seconds{${own}} 600`,
      `kube_job_status_succeeded{${own}} 1`,
      `kube_job_status_failed{${own}} 0`,
      `kube_job_status_active{${own}} 2`,
      `kube_job_status_ready{${own}} 1`,
      `kube_job_status_start_time{${own}} 1714557605`,
      `kube_job_owner{${own},owner_kind="CronJob",owner_name="report",owner_is_controller="true"} 1`,
    ]);
  });

  it('exports a failed Job: its Failed condition one-hot, the failure reason, and empty owner labels', () => {
    const lines = seriesOf(
      jobMetrics,
      failed,
      'kube_job_status_failed',
      'kube_job_failed',
      'kube_job_complete',
      'kube_job_owner',
      'kube_job_labels',
    );
    expect(lines).toEqual([
      `kube_job_labels{${own}} 1`,
      `kube_job_status_failed{${own},reason="BackoffLimitExceeded"} 1`,
      `kube_job_status_failed{${own},reason="DeadlineExceeded"} 0`,
      `kube_job_status_failed{${own},reason="Evicted"} 0`,
      `kube_job_failed{${own},condition="true"} 1`,
      `kube_job_failed{${own},condition="false"} 0`,
      `kube_job_failed{${own},condition="unknown"} 0`,
      `kube_job_owner{${own},owner_kind="",owner_name="",owner_is_controller=""} 1`,
    ]);
  });

  it('exports a completed Job: kube_job_complete, the completion time, and failures under reason="" while no known reason explains them', () => {
    const complete: Job = {
      ...running,
      status: {
        succeeded: 5,
        failed: 2,
        startTime: '2024-05-01T10:00:05Z',
        completionTime: '2024-05-01T10:01:05Z',
        conditions: [{ type: 'Complete', status: 'True' }],
      },
    };
    expect(
      seriesOf(
        jobMetrics,
        complete,
        'kube_job_complete',
        'kube_job_status_failed',
        'kube_job_status_completion_time',
        'kube_job_status_active',
      ),
    ).toEqual([
      `kube_job_status_failed{${own},reason=""} 2`,
      `kube_job_status_active{${own}} 0`,
      `kube_job_complete{${own},condition="true"} 1`,
      `kube_job_complete{${own},condition="false"} 0`,
      `kube_job_complete{${own},condition="unknown"} 0`,
      `kube_job_status_completion_time{${own}} 1714557665`,
    ]);
  });

  it('leaves out unset spec fields and times rather than exporting zeros', () => {
    const bare: Job = {
      ...running,
      spec: { template: running.spec.template },
      status: undefined,
    };
    const names = seriesOf(jobMetrics, bare).map((line) => line.slice(0, line.indexOf('{')));
    expect(names).not.toContain('kube_job_spec_parallelism');
    expect(names).not.toContain('kube_job_spec_active_deadline_seconds');
    expect(names).not.toContain('kube_job_status_start_time');
    expect(names).toContain('kube_job_status_active');
  });
});
