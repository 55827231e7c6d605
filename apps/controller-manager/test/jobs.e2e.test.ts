/**
 * Jobs end to end: the apiserver, the controller-manager, the scheduler and an in-process kubelet
 * (simulated runtime, time scaled) running `orchestra/batch` and `orchestra/crashloop` pods. A Job
 * of 5 completions, 2 in parallel, completes with 5 succeeded pods and never more than 2 active
 * (checked on every pod change); a failing Job stops at its backoffLimit; `kubectl get jobs`
 * prints Kubernetes' columns.
 */
import { builtinResources, Job, Pod, ResourceDefinition } from '@orchestra/api';
import { ApiClient, Informer, ResourceClient } from '@orchestra/client';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { tlsKubectlSession } from '../../../tools/testing/tls-kubectl-session';
import { installedKubectlClients } from '../../apiserver/test/kubectl-clients';
import { startTestKubelet, type TestKubelet } from '../../kubelet/test/kubelet-harness';
import { startTestScheduler, type TestScheduler } from '../../scheduler/test/scheduler-harness';
import { eventually, startTestControllerManager, type TestControllerManager } from './control-plane-harness';

process.env.LOG_LEVEL ??= 'error';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
const isActive = (p: Pod) =>
  p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.metadata.deletionTimestamp;
const ownedBy = (p: Pod, job: Job) => p.metadata.ownerReferences?.some((r) => r.uid === job.metadata.uid);

function jobManifest(name: string, spec: Partial<Job['spec']>, container: Record<string, unknown>): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: {
      ...spec,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'work', ...container } as Pod['spec']['containers'][number]],
        },
      },
    },
  };
}

describe('Jobs', () => {
  let api: TestApiserver;
  let client: ApiClient;
  let controllerManager: TestControllerManager;
  let scheduler: TestScheduler;
  let kubelet: TestKubelet;
  let jobs: ResourceClient<Job>;
  let podInformer: Informer<Pod>;

  beforeAll(async () => {
    api = await startTestApiserver('jobs');
    client = new ApiClient({ baseUrl: api.url, userAgent: 'jobs-e2e', token: api.token });
    jobs = client.resource<Job>(def('Job'));
    controllerManager = await startTestControllerManager(api);
    scheduler = await startTestScheduler(api);
    kubelet = await startTestKubelet(api);
    podInformer = new Informer<Pod>(client.resource<Pod>(def('Pod')), {});
    podInformer.start();
    await podInformer.waitForSync(10_000);
  }, 60_000);

  afterAll(async () => {
    await podInformer?.stop();
    await kubelet?.close();
    await scheduler?.close();
    await controllerManager?.close();
    await api?.close();
  });

  it('runs 5 completions at most 2 at a time, then is Complete', async () => {
    const created = await jobs.create(
      jobManifest(
        'pi',
        { completions: 5, parallelism: 2 },
        { image: 'orchestra/batch', env: [{ name: 'DURATION_SECONDS', value: '10' }] },
      ),
    );
    let maxActive = 0;
    const check = () => {
      const active = podInformer.lister.list('default').filter((p) => ownedBy(p, created) && isActive(p));
      maxActive = Math.max(maxActive, active.length);
    };
    podInformer.addEventHandler({ onAdd: check, onUpdate: check, onDelete: check });

    const done = await eventually(
      async () => {
        const job = await jobs.get('pi', 'default');
        return job.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') && job;
      },
      60_000,
      'Job pi Complete',
    );
    expect(done.status).toMatchObject({ succeeded: 5, active: 0, failed: 0 });
    expect(done.status?.startTime).toBeDefined();
    expect(done.status?.completionTime).toBeDefined();
    const pods = podInformer.lister.list('default').filter((p) => ownedBy(p, created));
    expect(pods.filter((p) => p.status?.phase === 'Succeeded')).toHaveLength(5);
    expect(pods).toHaveLength(5);
    expect(pods[0]!.metadata.labels).toMatchObject({
      'batch.kubernetes.io/job-name': 'pi',
      'batch.kubernetes.io/controller-uid': created.metadata.uid,
      'job-name': 'pi',
    });
    expect(maxActive).toBe(2);
  }, 90_000);

  it('stops at backoffLimit with Failed / BackoffLimitExceeded', async () => {
    const created = await jobs.create(
      jobManifest(
        'fails',
        { completions: 3, parallelism: 1, backoffLimit: 2 },
        { image: 'orchestra/crashloop', env: [{ name: 'CRASH_AFTER_SECONDS', value: '5' }] },
      ),
    );
    const failed = await eventually(
      async () => {
        const job = await jobs.get('fails', 'default');
        return job.status?.conditions?.some((c) => c.type === 'Failed') && job;
      },
      60_000,
      'Job fails Failed',
    );
    expect(failed.status?.conditions).toEqual([
      expect.objectContaining({ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }),
    ]);
    expect(failed.status).toMatchObject({ failed: 3, succeeded: 0, active: 0 });
    // No new pod after the Job failed.
    await new Promise((r) => setTimeout(r, 1_000));
    const pods = podInformer.lister.list('default').filter((p) => ownedBy(p, created));
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.status?.phase === 'Failed')).toBe(true);
  }, 90_000);

  it('fails with DeadlineExceeded after activeDeadlineSeconds and stops its pods', async () => {
    const created = await jobs.create(
      jobManifest(
        'slow',
        { completions: 2, parallelism: 2, activeDeadlineSeconds: 2 },
        // 600 s at the kubelet's TIME_SCALE 20: 30 s, far beyond the deadline.
        { image: 'orchestra/batch', env: [{ name: 'DURATION_SECONDS', value: '600' }] },
      ),
    );
    const failed = await eventually(
      async () => {
        const job = await jobs.get('slow', 'default');
        return job.status?.conditions?.some((c) => c.type === 'Failed') && job;
      },
      30_000,
      'Job slow Failed',
    );
    expect(failed.status?.conditions).toEqual([
      expect.objectContaining({ type: 'Failed', status: 'True', reason: 'DeadlineExceeded' }),
    ]);
    expect(failed.status).toMatchObject({ active: 0, succeeded: 0 });
    await eventually(
      async () => podInformer.lister.list('default').every((p) => !ownedBy(p, created) || !isActive(p)),
      30_000,
      'the pods of Job slow stopped',
    );
  }, 60_000);

  it('refuses restartPolicy Always as Kubernetes does', async () => {
    const always = jobManifest('always', {}, { image: 'orchestra/batch' });
    always.spec.template.spec!.restartPolicy = 'Always';
    await expect(jobs.create(always)).rejects.toMatchObject({
      code: 422,
      message: expect.stringContaining(
        'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
      ),
    });
  });

  describe.each(installedKubectlClients().map((c) => [c.label, c.path]))('kubectl %s', (_label, path) => {
    it('get jobs prints NAME STATUS COMPLETIONS DURATION AGE', async () => {
      const session = await tlsKubectlSession(path as string, api.url, 30_000, { token: api.token });
      try {
        const out = await session.kubectl('get', 'jobs', '-n', 'default');
        const lines = out.trim().split('\n');
        expect(lines[0]).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE$/);
        expect(lines.find((l) => l.startsWith('pi '))).toMatch(/^pi\s+Complete\s+5\/5\s+\S+\s+\S+$/);
        expect(lines.find((l) => l.startsWith('fails '))).toMatch(/^fails\s+Failed\s+0\/3\s+\S+\s+\S+$/);
        const wideOut = await session.kubectl('get', 'job', 'pi', '-n', 'default', '-o', 'wide');
        expect(wideOut).toMatch(/SELECTOR\n/);
        expect(wideOut).toMatch(
          /work\s+orchestra\/batch\s+batch\.kubernetes\.io\/controller-uid=[0-9a-f-]+\n/,
        );
        const described = await session.kubectl('describe', 'job', 'pi', '-n', 'default');
        expect(described).toMatch(/Pods Statuses:\s+0 Active.*\/ 5 Succeeded \/ 0 Failed/);
        expect(described).toMatch(/Completions:\s+5/);
        expect(described).toMatch(/Parallelism:\s+2/);
      } finally {
        await session.close();
      }
    }, 30_000);
  });
  it('deleting a Job deletes its pods (garbage collector, background propagation)', async () => {
    const job = await jobs.get('pi', 'default');
    await jobs.delete('pi', 'default', { propagationPolicy: 'Background' });
    await eventually(
      async () => podInformer.lister.list('default').every((p) => !ownedBy(p, job)),
      30_000,
      'the pods of Job pi gone',
    );
  }, 40_000);
});
