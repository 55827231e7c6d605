/**
 * CronJobs end to end, with the apiserver, the controller-manager, the scheduler and an in-process
 * kubelet running `orchestra/batch`: `kubectl create job --from=cronjob/...` runs the template now,
 * `kubectl get cronjobs` prints Kubernetes' columns, and a `* * * * *` CronJob starts a Job at the
 * next minute that completes, recorded in lastScheduleTime and lastSuccessfulTime.
 */
import { builtinResources, CronJob, Job, ResourceDefinition } from '@orchestra/api';
import { ApiClient, ResourceClient } from '@orchestra/client';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { tlsKubectlSession } from '../../../tools/testing/tls-kubectl-session';
import { installedKubectlClients } from '../../apiserver/test/kubectl-clients';
import { startTestKubelet, type TestKubelet } from '../../kubelet/test/kubelet-harness';
import { startTestScheduler, type TestScheduler } from '../../scheduler/test/scheduler-harness';
import { eventually, startTestControllerManager, type TestControllerManager } from './control-plane-harness';

process.env.LOG_LEVEL ??= 'error';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
const complete = (job: Job) =>
  job.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True');

const cronJob: CronJob = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'tick', namespace: 'default' },
  spec: {
    schedule: '* * * * *',
    jobTemplate: {
      metadata: { labels: { app: 'tick' } },
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [
              { name: 'work', image: 'orchestra/batch', env: [{ name: 'DURATION_SECONDS', value: '10' }] },
            ],
          },
        },
      },
    },
  },
};

describe('CronJobs', () => {
  let api: TestApiserver;
  let client: ApiClient;
  let controllerManager: TestControllerManager;
  let scheduler: TestScheduler;
  let kubelet: TestKubelet;
  let jobs: ResourceClient<Job>;
  let cronJobs: ResourceClient<CronJob>;
  let created: CronJob;

  beforeAll(async () => {
    api = await startTestApiserver('cronjobs');
    client = new ApiClient({ baseUrl: api.url, userAgent: 'cronjobs-e2e', token: api.token });
    jobs = client.resource<Job>(def('Job'));
    cronJobs = client.resource<CronJob>(def('CronJob'));
    controllerManager = await startTestControllerManager(api);
    scheduler = await startTestScheduler(api);
    kubelet = await startTestKubelet(api);
    created = await cronJobs.create(cronJob);
  }, 60_000);

  afterAll(async () => {
    await kubelet?.close();
    await scheduler?.close();
    await controllerManager?.close();
    await api?.close();
  });

  describe.each(installedKubectlClients().map((c) => [c.label, c.path]))('kubectl %s', (label, path) => {
    it('create job --from=cronjob runs the template now; get cronjobs prints the columns', async () => {
      const session = await tlsKubectlSession(path as string, api.url, 30_000, { token: api.token });
      const name = `manual-${(label as string).replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
      try {
        expect(await session.kubectl('create', 'job', name, '--from=cronjob/tick', '-n', 'default')).toMatch(
          `job.batch/${name} created`,
        );
        const job = await eventually(
          async () => {
            const j = await jobs.get(name, 'default');
            return complete(j) && j;
          },
          30_000,
          `Job ${name} Complete`,
        );
        expect(job.metadata.annotations).toMatchObject({ 'cronjob.kubernetes.io/instantiate': 'manual' });
        expect(job.metadata.ownerReferences).toEqual([
          expect.objectContaining({ kind: 'CronJob', name: 'tick', uid: created.metadata.uid }),
        ]);
        expect(job.status).toMatchObject({ succeeded: 1 });
        const out = await session.kubectl('get', 'cj', '-n', 'default');
        const lines = out.trim().split('\n');
        expect(lines[0]).toMatch(/^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE$/);
        expect(lines[1]).toMatch(/^tick\s+\* \* \* \* \*\s+<none>\s+False\s+\d+\s+\S+\s+\S+$/);
      } finally {
        await session.close();
      }
    }, 60_000);
  });

  it('starts a Job on schedule that completes', async () => {
    const scheduled = await eventually(
      async () => {
        const list = await jobs.list({ namespace: 'default' });
        return list.items.find(
          (j) => j.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'] && complete(j),
        );
      },
      75_000,
      'a scheduled Job Complete',
    );
    expect(scheduled.metadata.name).toMatch(/^tick-\d+$/);
    expect(scheduled.metadata.labels).toMatchObject({ app: 'tick' });
    const cj = await eventually(
      async () => {
        const c = await cronJobs.get('tick', 'default');
        return c.status?.lastSuccessfulTime ? c : undefined;
      },
      15_000,
      'lastSuccessfulTime',
    );
    expect(cj.status?.lastScheduleTime).toBe(
      scheduled.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'],
    );
  }, 90_000);
});
