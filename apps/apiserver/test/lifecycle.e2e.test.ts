/**
 * Object lifecycle over HTTP: deletecollection, propagation policies kept as finalizers for the
 * garbage collector, namespace termination, watch timeouts, and Kubernetes validation as 422s.
 */
import { call, startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';

describe('apiserver object lifecycle', () => {
  let api: TestApiserver;
  const configMaps = (ns: string) => `/api/v1/namespaces/${ns}/configmaps`;
  const createNamespace = (name: string) =>
    call(api.url, 'POST', '/api/v1/namespaces', { metadata: { name } });

  beforeAll(async () => {
    api = await startTestApiserver('lifecycle');
    await createNamespace('life');
  });
  afterAll(() => api.close());

  it('deletes a collection by label selector and leaves the rest', async () => {
    for (const [name, tier] of [
      ['a', 'x'],
      ['b', 'x'],
      ['c', 'y'],
    ]) {
      await call(api.url, 'POST', configMaps('life'), { metadata: { name, labels: { tier } } });
    }
    const res = await call(api.url, 'DELETE', `${configMaps('life')}?labelSelector=tier%3Dx`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((o: any) => o.metadata.name)).toEqual(['a', 'b']);
    const left = await call(api.url, 'GET', configMaps('life'));
    expect(left.body.items.map((o: any) => o.metadata.name)).toEqual(['c']);
  });

  it.each([
    ['Orphan', 'orphan'],
    ['Foreground', 'foregroundDeletion'],
  ])(
    'keeps propagationPolicy=%s as the %s finalizer for the garbage collector',
    async (policy, finalizer) => {
      const name = `owner-${finalizer.toLowerCase()}`;
      await call(api.url, 'POST', '/apis/apps/v1/namespaces/life/replicasets', {
        metadata: { name },
        spec: {
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name } },
            spec: { containers: [{ name: 'c', image: 'nginx' }] },
          },
        },
      });
      const res = await call(api.url, 'DELETE', `/apis/apps/v1/namespaces/life/replicasets/${name}`, {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        propagationPolicy: policy,
      });
      expect(res.status).toBe(202);
      expect(res.body.metadata.finalizers).toEqual([finalizer]);
      expect(res.body.metadata.deletionTimestamp).toBeDefined();
      const still = await call(api.url, 'GET', `/apis/apps/v1/namespaces/life/replicasets/${name}`);
      expect(still.status).toBe(200);
    },
  );

  it('terminates a namespace: Terminating and closed to new content until finalized, then gone', async () => {
    // Emptying it is the namespace controller's job (controller-manager); here we play its last step.
    await createNamespace('doomed');
    await call(api.url, 'POST', configMaps('doomed'), { metadata: { name: 'inside' } });
    const res = await call(api.url, 'DELETE', '/api/v1/namespaces/doomed');
    expect(res.status).toBe(202);
    expect(res.body.status.phase).toBe('Terminating');
    expect(res.body.spec.finalizers).toEqual(['kubernetes']);
    const late = await call(api.url, 'POST', configMaps('doomed'), { metadata: { name: 'late' } });
    expect(late.status).toBe(403);
    expect(late.body.message).toContain('because it is being terminated');
    expect((await call(api.url, 'GET', '/api/v1/namespaces/doomed')).status).toBe(200);
    const finalize = await call(api.url, 'PUT', '/api/v1/namespaces/doomed/finalize', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'doomed' },
      spec: { finalizers: [] },
    });
    expect(finalize.status).toBe(200);
    expect((await call(api.url, 'GET', '/api/v1/namespaces/doomed')).status).toBe(404);
  });

  it('refuses to delete the default namespace', async () => {
    const res = await call(api.url, 'DELETE', '/api/v1/namespaces/default');
    expect(res.status).toBe(403);
  });

  it('ends a watch at timeoutSeconds', async () => {
    const started = Date.now();
    const res = await api.fetch(`${configMaps('life')}?watch=true&timeoutSeconds=1`);
    expect(res.status).toBe(200);
    await res.text();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  const invalid: [string, string, unknown, string][] = [
    ['Foo', configMaps('life'), { metadata: { name: 'Foo' } }, 'metadata.name'],
    ['-a', configMaps('life'), { metadata: { name: '-a' } }, 'metadata.name'],
    ['a-', configMaps('life'), { metadata: { name: 'a-' } }, 'metadata.name'],
    ['a_b', configMaps('life'), { metadata: { name: 'a_b' } }, 'metadata.name'],
    [
      'a 64-character namespace',
      '/api/v1/namespaces',
      { metadata: { name: 'n'.repeat(64) } },
      'metadata.name',
    ],
    [
      'a 254-character subdomain',
      configMaps('life'),
      { metadata: { name: 's'.repeat(254) } },
      'metadata.name',
    ],
    [
      'a bad label key',
      configMaps('life'),
      { metadata: { name: 'ok', labels: { '-bad': 'v' } } },
      'metadata.labels',
    ],
    [
      'a bad label value',
      configMaps('life'),
      { metadata: { name: 'ok', labels: { k: 'bad value' } } },
      'metadata.labels',
    ],
    [
      'quantity 1.5.5',
      '/api/v1/namespaces/life/pods',
      {
        metadata: { name: 'q' },
        spec: { containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '1.5.5' } } }] },
      },
      'spec.containers[0].resources.requests[cpu]',
    ],
    [
      'quantity 1K',
      '/api/v1/namespaces/life/pods',
      {
        metadata: { name: 'q' },
        spec: { containers: [{ name: 'c', image: 'i', resources: { limits: { memory: '1K' } } }] },
      },
      'spec.containers[0].resources.limits[memory]',
    ],
  ];

  it.each(invalid)('rejects %s with 422 naming the field', async (_what, path, body, field) => {
    const res = await call(api.url, 'POST', path, body);
    expect(res.status).toBe(422);
    expect(res.body.reason).toBe('Invalid');
    expect(res.body.details.causes.map((c: any) => c.field)).toContain(field);
  });

  it('accepts the edge cases: 63-character labels, 253-character subdomains', async () => {
    expect(
      (await call(api.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'n'.repeat(63) } })).status,
    ).toBe(201);
    expect(
      (await call(api.url, 'POST', configMaps('life'), { metadata: { name: 's'.repeat(253) } })).status,
    ).toBe(201);
  });

  it('stores quantities in canonical form', async () => {
    const pod = {
      metadata: { name: 'canonical' },
      spec: {
        containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '1.5', memory: '1.5Gi' } } }],
      },
    };
    const res = await call(api.url, 'POST', '/api/v1/namespaces/life/pods', pod);
    expect(res.status).toBe(201);
    expect(res.body.spec.containers[0].resources.requests).toEqual({ cpu: '1500m', memory: '1536Mi' });
  });
});
