/**
 * The Job controller (pkg/controller/job/job_controller.go): runs a Job's pods, at most
 * `parallelism` at once, until `completions` of them succeeded, or until the Job fails (more
 * failures than `backoffLimit`, or longer than `activeDeadlineSeconds`). Reads the informer
 * caches; decides in job-sync.ts; writes through the JobApi port.
 */
import { Job, Pod } from '@orchestra/api';
import { Lister } from '@orchestra/client';
import { ReconcileResult, Reconciler } from '@orchestra/queues';
import { Clock, systemClock } from '../controller-utils/clock';
import { ControllerExpectations } from '../controller-utils/controller-expectations';
import { getControllerOf, jobKind, newControllerRef } from '../controller-utils/controller-ref';
import { ExpectedPodWrites } from '../controller-utils/expected-pod-writes';
import { PodControl } from '../controller-utils/pod-control';
import { EventSink } from '../controller-utils/workload-api.port';
import { JobApi } from './job-api.port';
import { jobStatusChanged, podFromJobTemplate, syncJob } from './job-sync';

export interface JobReconcilerDeps {
  jobs: Lister<Job>;
  pods: Lister<Pod>;
  api: JobApi;
  events: EventSink;
  /** The Job controller's own expectations (keys are Job keys), lowered by the wiring's pod handler. */
  expectations: ControllerExpectations;
  clock?: Clock;
}

export class JobReconciler implements Reconciler {
  readonly name = 'job';
  private readonly clock: Clock;
  private readonly podWrites: ExpectedPodWrites;

  constructor(private readonly deps: JobReconcilerDeps) {
    this.clock = deps.clock ?? systemClock;
    this.podWrites = new ExpectedPodWrites(new PodControl(deps.api, deps.events), deps.expectations);
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { jobs, pods, api, events, expectations } = this.deps;
    const cached = jobs.get(key);
    if (!cached) {
      expectations.deleteExpectations(key);
      return;
    }
    // A stale cache (pods we created not seen yet) must not make us count or create again.
    if (!expectations.satisfiedExpectations(key)) return;
    const job: Job = { apiVersion: 'batch/v1', kind: 'Job', ...cached };
    const owned = pods
      .list(job.metadata.namespace)
      .filter((p) => getControllerOf(p)?.uid === job.metadata.uid && getControllerOf(p)?.kind === 'Job');
    const result = syncJob(job, owned, this.clock.now());

    let manageError: unknown;
    if (!job.metadata.deletionTimestamp) {
      const { decision } = result;
      const manage =
        decision.action === 'create'
          ? this.createPods(key, job, decision.count)
          : decision.action === 'delete'
            ? this.podWrites.deleteInParallel(key, job, decision.pods)
            : Promise.resolve();
      manageError = await manage.then(
        () => undefined,
        (e: unknown) => e,
      );
    }
    if (jobStatusChanged(job, result.status)) {
      await api.updateJobStatus({ ...job, status: result.status });
      if (result.event) {
        const { type, reason, message } = result.event;
        if (type === 'Warning') events.warning(job, reason, message);
        else events.normal(job, reason, message);
      }
    }
    if (manageError !== undefined) throw manageError;
    return result.requeueAfterMs === undefined ? undefined : { requeueAfterMs: result.requeueAfterMs };
  }

  private async createPods(key: string, job: Job, count: number): Promise<void> {
    const ref = newControllerRef(job, jobKind);
    await this.podWrites.createInBatches(key, job, job.metadata.namespace ?? '', count, () =>
      podFromJobTemplate(job, ref),
    );
  }
}
