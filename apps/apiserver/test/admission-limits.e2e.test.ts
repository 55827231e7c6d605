/**
 * LimitRange and ResourceQuota through the admission chain, on a real apiserver and Redis: the
 * registry is driven directly with a RequestContext (as the HTTP layer does), so these tests do
 * not depend on how requests authenticate.
 */
import { ApiError, builtinResources, ResourceDefinition, ResourceQuota } from '@orchestra/api';
import { call, startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { ResourceRegistry } from '../src/registry/resource.registry';
import { RequestContext } from '../src/registry/request-context';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
const ctx = (): RequestContext => ({ dryRun: false, now: new Date() });

const pod = (name: string, resources?: Record<string, Record<string, string>>, containers = ['web']) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: {
    containers: containers.map((c) => ({ name: c, image: 'nginx', ...(resources ? { resources } : {}) })),
  },
});

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('admission: LimitRange and ResourceQuota', () => {
  let api: TestApiserver;
  let registry: ResourceRegistry;
  const create = (kind: string, namespace: string, body: object) =>
    registry.create(def(kind), namespace, body as Record<string, unknown>, ctx());
  const namespace = (name: string) => create('Namespace', '', { metadata: { name } });

  beforeAll(async () => {
    api = await startTestApiserver('admission-limits');
    registry = api.app.get(ResourceRegistry);
  });
  afterAll(() => api.close());

  describe('LimitRanger', () => {
    beforeAll(async () => {
      await namespace('lr');
      await create('LimitRange', 'lr', {
        metadata: { name: 'defaults' },
        spec: {
          limits: [
            {
              type: 'Container',
              default: { cpu: '500m', memory: '256Mi' },
              defaultRequest: { cpu: '100m', memory: '128Mi' },
              max: { cpu: '1', memory: '1Gi' },
            },
          ],
        },
      });
    });

    it('defaults the LimitRange itself as Kubernetes does (default request from default)', async () => {
      const lr = await create('LimitRange', 'lr', {
        metadata: { name: 'max-only' },
        spec: { limits: [{ type: 'Container', max: { cpu: '2' } }] },
      });
      expect((lr as any).spec.limits[0]).toMatchObject({
        default: { cpu: '2' },
        defaultRequest: { cpu: '2' },
      });
      await registry.delete(def('LimitRange'), 'lr', 'max-only', {}, ctx());
    });

    it('fills missing requests and limits and says so in the kubernetes.io/limit-ranger annotation', async () => {
      const created = (await create('Pod', 'lr', pod('web'))) as any;
      expect(created.spec.containers[0].resources).toEqual({
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { cpu: '500m', memory: '256Mi' },
      });
      expect(created.metadata.annotations['kubernetes.io/limit-ranger']).toBe(
        'LimitRanger plugin set: cpu, memory request for container web; cpu, memory limit for container web',
      );
    });

    it('keeps what the container asks for and fills only the rest', async () => {
      const created = (await create('Pod', 'lr', pod('own', { limits: { cpu: '800m' } }))) as any;
      // Pod defaulting copies the limit into the request first, as in Kubernetes.
      expect(created.spec.containers[0].resources).toEqual({
        requests: { cpu: '800m', memory: '128Mi' },
        limits: { cpu: '800m', memory: '256Mi' },
      });
      expect(created.metadata.annotations['kubernetes.io/limit-ranger']).toBe(
        'LimitRanger plugin set: memory request for container web; memory limit for container web',
      );
    });

    it("refuses a container over the max in Kubernetes' words", async () => {
      const error = await refusal(create('Pod', 'lr', pod('big', { limits: { cpu: '2' } })));
      expect(error.code).toBe(403);
      expect(error.reason).toBe('Forbidden');
      expect(error.message).toBe(
        'pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2',
      );
    });

    it('rejects an invalid LimitRange with 422', async () => {
      const error = await refusal(
        create('LimitRange', 'lr', {
          metadata: { name: 'bad' },
          spec: { limits: [{ type: 'Container', min: { cpu: '2' }, max: { cpu: '1' } }] },
        }),
      );
      expect(error.code).toBe(422);
      expect(error.message).toContain('min value 2 is greater than max value 1');
    });
  });

  describe('ResourceQuota', () => {
    const quotaOf = async (ns: string, name: string) =>
      (await registry.get(def('ResourceQuota'), ns, name)) as unknown as ResourceQuota;
    const small = { requests: { cpu: '500m' } };

    beforeAll(async () => {
      await namespace('rq');
      await create('ResourceQuota', 'rq', {
        metadata: { name: 'compute' },
        spec: { hard: { pods: '2', 'requests.cpu': '1' } },
      });
    });

    it("charges creates to status.used and refuses the pod that would pass the quota, in Kubernetes' words", async () => {
      await create('Pod', 'rq', pod('web-1', small));
      await create('Pod', 'rq', pod('web-2', small));
      const quota = await quotaOf('rq', 'compute');
      expect(quota.status).toEqual({
        hard: { pods: '2', 'requests.cpu': '1' },
        used: { pods: '2', 'requests.cpu': '1' },
      });
      const error = await refusal(create('Pod', 'rq', pod('web-3', small)));
      expect(error.code).toBe(403);
      expect(error.reason).toBe('Forbidden');
      expect(error.message).toBe(
        'pods "web-3" is forbidden: exceeded quota: compute, requested: pods=1,requests.cpu=500m, used: pods=2,requests.cpu=1, limited: pods=2,requests.cpu=1',
      );
      expect(error.toStatus().details).toEqual({ name: 'web-3', kind: 'pods' });
    });

    it('refuses a pod without the requests the quota covers', async () => {
      await namespace('rq-missing');
      await create('ResourceQuota', 'rq-missing', {
        metadata: { name: 'compute' },
        spec: { hard: { 'requests.cpu': '4' } },
      });
      const error = await refusal(create('Pod', 'rq-missing', pod('web', undefined, ['web', 'sidecar'])));
      expect(error.message).toBe(
        'pods "web" is forbidden: failed quota: compute: must specify requests.cpu for: sidecar,web',
      );
    });

    it('counts objects by count/<resource>.<group> and legacy names, from the store when status is new', async () => {
      await namespace('rq-count');
      await create('ConfigMap', 'rq-count', { metadata: { name: 'before' } });
      await create('ResourceQuota', 'rq-count', {
        metadata: { name: 'objects' },
        spec: { hard: { configmaps: '2', 'count/deployments.apps': '0' } },
      });
      await create('ConfigMap', 'rq-count', { metadata: { name: 'second' } });
      const error = await refusal(create('ConfigMap', 'rq-count', { metadata: { name: 'third' } }));
      expect(error.message).toBe(
        'configmaps "third" is forbidden: exceeded quota: objects, requested: configmaps=1, used: configmaps=2, limited: configmaps=2',
      );
      const deploy = await refusal(
        create('Deployment', 'rq-count', {
          metadata: { name: 'web' },
          spec: {
            selector: { matchLabels: { app: 'web' } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: { containers: [{ name: 'web', image: 'nginx' }] },
            },
          },
        }),
      );
      expect(deploy.message).toContain(
        'deployments.apps "web" is forbidden: exceeded quota: objects, requested: count/deployments.apps=1',
      );
    });

    it('admits exactly one of many parallel creates for the last slot', async () => {
      await namespace('rq-race');
      await create('ResourceQuota', 'rq-race', { metadata: { name: 'pods' }, spec: { hard: { pods: '3' } } });
      await create('Pod', 'rq-race', pod('first'));
      await create('Pod', 'rq-race', pod('second'));
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) => create('Pod', 'rq-race', pod(`racer-${i}`))),
      );
      const admitted = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(admitted).toHaveLength(1);
      expect(refused.every((r) => (r.reason as ApiError).code === 403)).toBe(true);
      const pods = await registry.list(def('Pod'), { namespace: 'rq-race' });
      expect(pods.items).toHaveLength(3);
      expect((await quotaOf('rq-race', 'pods')).status?.used).toEqual({ pods: '3' });
    });

    it('admits exactly as many parallel creates as the quota has room for, and counts each', async () => {
      await namespace('rq-room');
      await create('ResourceQuota', 'rq-room', {
        metadata: { name: 'cpu' },
        spec: { hard: { pods: '50', 'requests.cpu': '5' } },
      });
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) =>
          create('Pod', 'rq-room', pod(`p-${i}`, { requests: { cpu: '250m' } })),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
      const pods = await registry.list(def('Pod'), { namespace: 'rq-room' });
      expect(pods.items).toHaveLength(20);
      expect((await quotaOf('rq-room', 'cpu')).status?.used).toEqual({ pods: '20', 'requests.cpu': '5' });
    });

    it('a scoped quota counts only the pods in its scopes', async () => {
      await namespace('rq-scope');
      await create('ResourceQuota', 'rq-scope', {
        metadata: { name: 'best-effort' },
        spec: { hard: { pods: '1' }, scopes: ['BestEffort'] },
      });
      await create('Pod', 'rq-scope', pod('free-1'));
      const error = await refusal(create('Pod', 'rq-scope', pod('free-2')));
      expect(error.message).toBe(
        'pods "free-2" is forbidden: exceeded quota: best-effort, requested: pods=1, used: pods=1, limited: pods=1',
      );
      await create('Pod', 'rq-scope', pod('burstable', small));
      await create('ConfigMap', 'rq-scope', { metadata: { name: 'not-counted' } });
      expect((await quotaOf('rq-scope', 'best-effort')).status?.used).toEqual({ pods: '1' });
    });

    it('dry runs are judged but not charged', async () => {
      await namespace('rq-dry');
      await create('ResourceQuota', 'rq-dry', { metadata: { name: 'pods' }, spec: { hard: { pods: '1' } } });
      await registry.create(def('Pod'), 'rq-dry', pod('dry'), {
        ...ctx(),
        dryRun: true,
      });
      expect((await quotaOf('rq-dry', 'pods')).status?.used?.pods ?? '0').toBe('0');
      await create('Pod', 'rq-dry', pod('real'));
      expect((await quotaOf('rq-dry', 'pods')).status?.used).toEqual({ pods: '1' });
    });
  });

  it('NamespaceLifecycle refuses new content in a terminating namespace with the NamespaceTerminating cause', async () => {
    await namespace('doomed');
    expect((await call(api.url, 'DELETE', '/api/v1/namespaces/doomed')).status).toBe(202);
    const error = await refusal(create('ConfigMap', 'doomed', { metadata: { name: 'late' } }));
    expect(error.toStatus()).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
      details: {
        name: 'late',
        kind: 'configmaps',
        causes: [
          {
            reason: 'NamespaceTerminating',
            message: 'namespace doomed is being terminated',
            field: 'metadata.namespace',
          },
        ],
      },
    });
    const missing = await refusal(create('ConfigMap', 'nowhere', { metadata: { name: 'x' } }));
    expect([missing.code, missing.message]).toEqual([404, 'namespaces "nowhere" not found']);
  });

  it("times every plugin and phase in Kubernetes' admission histograms", async () => {
    const metrics = await call(api.url, 'GET', '/metrics');
    expect(metrics.status).toBe(200);
    const count = (name: string, labels: Record<string, string>) =>
      (metrics.body as string)
        .split('\n')
        .filter((line) => line.startsWith(`${name}_count{`))
        .filter((line) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
        .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    const plugin = 'apiserver_admission_controller_admission_duration_seconds';
    const step = 'apiserver_admission_step_admission_duration_seconds';
    expect(
      count(plugin, { name: 'ResourceQuota', operation: 'CREATE', type: 'validate', rejected: 'true' }),
    ).toBeGreaterThan(0);
    expect(
      count(plugin, { name: 'LimitRanger', operation: 'CREATE', type: 'admit', rejected: 'false' }),
    ).toBeGreaterThan(0);
    expect(count(step, { operation: 'DELETE', type: 'validate', rejected: 'false' })).toBeGreaterThan(0);
  });
});
