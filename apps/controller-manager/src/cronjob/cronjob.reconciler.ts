/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go): starts a Job at each
 * schedule time (concurrencyPolicy Allow, Forbid or Replace), keeps the history limits, and
 * requeues itself for the next schedule time. Decides in cronjob-sync.ts.
 */
import { CronJob, Job } from '@orchestra/api';
import { Lister } from '@orchestra/client';
import { ReconcileResult, Reconciler } from '@orchestra/queues';
import { errorMessage, isAlreadyExists, isNotFound } from '../controller-utils/api-errors';
import { Clock, systemClock } from '../controller-utils/clock';
import { cronJobKind, getControllerOf, newControllerRef } from '../controller-utils/controller-ref';
import { EventSink } from '../controller-utils/workload-api.port';
import { CronJobApi } from './cronjob-api.port';
import { cronJobStatusChanged, jobFromCronJob, syncCronJob } from './cronjob-sync';

export interface CronJobReconcilerDeps {
  cronJobs: Lister<CronJob>;
  jobs: Lister<Job>;
  api: CronJobApi;
  events: EventSink;
  clock?: Clock;
}

export class CronJobReconciler implements Reconciler {
  readonly name = 'cronjob';
  private readonly clock: Clock;

  constructor(private readonly deps: CronJobReconcilerDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { cronJobs, jobs, api, events } = this.deps;
    const cached = cronJobs.get(key);
    if (!cached) return;
    const cronJob: CronJob = { apiVersion: 'batch/v1', kind: 'CronJob', ...cached };
    const owned = jobs
      .list(cronJob.metadata.namespace)
      .filter(
        (j) => getControllerOf(j)?.uid === cronJob.metadata.uid && getControllerOf(j)?.kind === 'CronJob',
      );
    const result = syncCronJob(cronJob, owned, this.clock.now());
    const ns = cronJob.metadata.namespace ?? '';

    for (const job of result.deleteJobs) {
      const name = job.metadata.name ?? '';
      try {
        await api.deleteJob(ns, name, job.metadata.uid ?? '');
        events.normal(cronJob, 'SuccessfulDelete', `Deleted job ${name}`);
      } catch (e) {
        if (isNotFound(e)) continue;
        events.warning(cronJob, 'FailedDelete', `Error deleting job: ${errorMessage(e)}`);
        throw e;
      }
    }
    if (result.skipped) {
      events.normal(
        cronJob,
        'JobAlreadyActive',
        'Not starting job because prior execution is running and concurrency policy is Forbid',
      );
    }
    if (result.createFor !== undefined) {
      const job = jobFromCronJob(cronJob, result.createFor, newControllerRef(cronJob, cronJobKind));
      try {
        const created = await api.createJob(ns, job);
        events.normal(cronJob, 'SuccessfulCreate', `Created job ${created.metadata.name}`);
        result.status.active = [
          ...(result.status.active ?? []),
          {
            apiVersion: 'batch/v1',
            kind: 'Job',
            name: created.metadata.name,
            namespace: ns,
            uid: created.metadata.uid,
            resourceVersion: created.metadata.resourceVersion,
          },
        ];
      } catch (e) {
        // Created by an earlier reconcile that the cache does not show yet: the name is per schedule time.
        if (!isAlreadyExists(e)) {
          events.warning(cronJob, 'FailedCreate', `Error creating job: ${errorMessage(e)}`);
          throw e;
        }
      }
    }
    if (cronJobStatusChanged(cronJob, result.status))
      await api.updateCronJobStatus({ ...cronJob, status: result.status });
    return result.requeueAfterMs === undefined ? undefined : { requeueAfterMs: result.requeueAfterMs };
  }
}
