/** The REST API over real HTTP against a real Redis: verbs, subresources, errors as Status. */
import { call, startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';

const deployment = (name: string, replicas = 2, image = 'nginx:1.27') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image }] } },
  },
});

describe('apiserver REST API', () => {
  let api: TestApiserver;
  const deployments = '/apis/apps/v1/namespaces/rest/deployments';

  beforeAll(async () => {
    api = await startTestApiserver('rest');
    const ns = await call(api.url, 'POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'rest' },
    });
    expect(ns.status).toBe(201);
  });
  afterAll(() => api.close());

  it('has the system namespaces from the start', async () => {
    const { status, body } = await call(api.url, 'GET', '/api/v1/namespaces');
    expect(status).toBe(200);
    const names = body.items.map((n: any) => n.metadata.name);
    expect(names).toEqual(
      expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease']),
    );
    expect(body.items.find((n: any) => n.metadata.name === 'default').status.phase).toBe('Active');
  });

  it('creates with defaults and server fields, and gets it back', async () => {
    const created = await call(api.url, 'POST', deployments, deployment('web'));
    expect(created.status).toBe(201);
    const d = created.body;
    expect(d.metadata).toMatchObject({ name: 'web', namespace: 'rest', generation: 1 });
    expect(d.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(d.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(d.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
    });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.spec.progressDeadlineSeconds).toBe(600);
    expect(d.spec.template.spec.restartPolicy).toBe('Always');
    const got = await call(api.url, 'GET', `${deployments}/web`);
    expect(got.body).toEqual(d);
  });

  it('answers 409 AlreadyExists for a second create and 409 Conflict for a stale update', async () => {
    const again = await call(api.url, 'POST', deployments, deployment('web'));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ kind: 'Status', reason: 'AlreadyExists', code: 409 });
    const current = (await call(api.url, 'GET', `${deployments}/web`)).body;
    const first = await call(api.url, 'PUT', `${deployments}/web`, {
      ...current,
      spec: { ...current.spec, replicas: 3 },
    });
    expect(first.status).toBe(200);
    expect(first.body.metadata.generation).toBe(2);
    const stale = await call(api.url, 'PUT', `${deployments}/web`, {
      ...current,
      spec: { ...current.spec, replicas: 4 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
    expect((await call(api.url, 'GET', `${deployments}/web`)).body.spec.replicas).toBe(3);
  });

  it('treats a uid in an update as a precondition', async () => {
    const res = await call(
      api.url,
      'PATCH',
      `${deployments}/web`,
      { metadata: { uid: '00000000-0000-0000-0000-000000000000', labels: { x: 'y' } } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('Precondition failed: UID in precondition');
    expect((await call(api.url, 'GET', `${deployments}/web`)).body.metadata.labels.x).toBeUndefined();
  });

  it('patches with merge, JSON and strategic merge patches', async () => {
    const merge = await call(
      api.url,
      'PATCH',
      `${deployments}/web`,
      { metadata: { labels: { tier: 'front' } } },
      {
        'content-type': 'application/merge-patch+json',
      },
    );
    expect(merge.status).toBe(200);
    expect(merge.body.metadata.labels).toEqual({ app: 'web', tier: 'front' });
    const json = await call(
      api.url,
      'PATCH',
      `${deployments}/web`,
      [{ op: 'replace', path: '/spec/replicas', value: 1 }],
      {
        'content-type': 'application/json-patch+json',
      },
    );
    expect(json.body.spec.replicas).toBe(1);
    const strategic = await call(
      api.url,
      'PATCH',
      `${deployments}/web`,
      {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'web' }],
              containers: [{ name: 'web', image: 'nginx:1.28' }],
            },
          },
        },
      },
      { 'content-type': 'application/strategic-merge-patch+json' },
    );
    expect(strategic.status).toBe(200);
    expect(strategic.body.spec.template.spec.containers).toHaveLength(1);
    expect(strategic.body.spec.template.spec.containers[0]).toMatchObject({
      name: 'web',
      image: 'nginx:1.28',
      imagePullPolicy: 'IfNotPresent',
    });
  });

  it('serves the scale subresource as autoscaling/v1 Scale', async () => {
    const scaled = await call(
      api.url,
      'PATCH',
      `${deployments}/web/scale`,
      { spec: { replicas: 5 } },
      {
        'content-type': 'application/merge-patch+json',
      },
    );
    expect(scaled.status).toBe(200);
    expect(scaled.body).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 5 },
      status: { selector: 'app=web' },
    });
    expect((await call(api.url, 'GET', `${deployments}/web`)).body.spec.replicas).toBe(5);
    const negative = await call(
      api.url,
      'PATCH',
      `${deployments}/web/scale`,
      { spec: { replicas: -1 } },
      {
        'content-type': 'application/merge-patch+json',
      },
    );
    expect(negative.status).toBe(422);
    expect(negative.body.details.causes[0].field).toBe('spec.replicas');
  });

  it('keeps status and spec apart: the main resource ignores status, /status ignores spec', async () => {
    const current = (await call(api.url, 'GET', `${deployments}/web`)).body;
    const viaMain = await call(api.url, 'PUT', `${deployments}/web`, {
      ...current,
      status: { replicas: 99 },
    });
    expect(viaMain.body.status?.replicas).not.toBe(99);
    const fresh = (await call(api.url, 'GET', `${deployments}/web`)).body;
    const viaStatus = await call(api.url, 'PUT', `${deployments}/web/status`, {
      ...fresh,
      spec: { ...fresh.spec, replicas: 42 },
      status: { replicas: 2, readyReplicas: 1 },
    });
    expect(viaStatus.status).toBe(200);
    expect(viaStatus.body.status).toEqual({ replicas: 2, readyReplicas: 1 });
    expect(viaStatus.body.spec.replicas).toBe(5);
    expect(viaStatus.body.metadata.generation).toBe(fresh.metadata.generation);
  });

  it('lists with label and field selectors and pagination', async () => {
    for (const name of ['a', 'b', 'c']) {
      await call(api.url, 'POST', '/api/v1/namespaces/rest/configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `cm-${name}`, labels: { group: name === 'c' ? 'two' : 'one' } },
        data: { k: name },
      });
    }
    const byLabel = await call(
      api.url,
      'GET',
      '/api/v1/namespaces/rest/configmaps?labelSelector=group%20in%20(one)',
    );
    expect(byLabel.body.items.map((c: any) => c.metadata.name)).toEqual(['cm-a', 'cm-b']);
    const byField = await call(
      api.url,
      'GET',
      '/api/v1/namespaces/rest/configmaps?fieldSelector=metadata.name%3Dcm-c',
    );
    expect(byField.body.items.map((c: any) => c.metadata.name)).toEqual(['cm-c']);
    const page1 = await call(api.url, 'GET', '/api/v1/namespaces/rest/configmaps?limit=2');
    expect(page1.body.items).toHaveLength(2);
    const page2 = await call(
      api.url,
      'GET',
      `/api/v1/namespaces/rest/configmaps?limit=2&continue=${page1.body.metadata.continue}`,
    );
    expect(page2.body.items.map((c: any) => c.metadata.name)).toEqual(['cm-c']);
    expect(page2.body.metadata.resourceVersion).toBe(page1.body.metadata.resourceVersion);
    const unsupported = await call(
      api.url,
      'GET',
      '/api/v1/namespaces/rest/configmaps?fieldSelector=spec.foo%3Dx',
    );
    expect(unsupported.status).toBe(400);
    expect(unsupported.body.message).toContain('spec.foo');
  });

  it('answers Tables to kubectl-style Accept headers', async () => {
    const accept =
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    const { status, body, headers } = await call(api.url, 'GET', deployments, undefined, { accept });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('as=Table');
    expect(body.columnDefinitions.map((c: any) => c.name)).toEqual(
      expect.arrayContaining(['Name', 'Ready', 'Up-to-date', 'Available', 'Age']),
    );
    expect(body.rows[0].object).toMatchObject({
      kind: 'PartialObjectMetadata',
      metadata: { name: 'web', namespace: 'rest' },
    });
  });

  it('binds a pod once, and 409s a second binding', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p1' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    };
    const created = await call(api.url, 'POST', '/api/v1/namespaces/rest/pods', pod);
    expect(created.status).toBe(201);
    expect(created.body.status).toMatchObject({ phase: 'Pending', qosClass: 'BestEffort' });
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'p1' },
      target: { kind: 'Node', name: 'node-1' },
    };
    expect((await call(api.url, 'POST', '/api/v1/namespaces/rest/pods/p1/binding', binding)).status).toBe(
      201,
    );
    const bound = (await call(api.url, 'GET', '/api/v1/namespaces/rest/pods/p1')).body;
    expect(bound.spec.nodeName).toBe('node-1');
    expect(bound.status.conditions).toEqual([
      expect.objectContaining({ type: 'PodScheduled', status: 'True' }),
    ]);
    const again = await call(api.url, 'POST', '/api/v1/namespaces/rest/pods/p1/binding', {
      ...binding,
      target: { name: 'node-2' },
    });
    expect(again.status).toBe(409);
  });

  it('deletes a bound pod gracefully: deletionTimestamp first, gone after grace 0', async () => {
    const graceful = await call(api.url, 'DELETE', '/api/v1/namespaces/rest/pods/p1');
    expect(graceful.status).toBe(202);
    expect(graceful.body.metadata.deletionTimestamp).toBeDefined();
    expect(graceful.body.metadata.deletionGracePeriodSeconds).toBe(30);
    expect((await call(api.url, 'GET', '/api/v1/namespaces/rest/pods/p1')).status).toBe(200);
    const forced = await call(api.url, 'DELETE', '/api/v1/namespaces/rest/pods/p1?gracePeriodSeconds=0');
    expect(forced.status).toBe(200);
    expect((await call(api.url, 'GET', '/api/v1/namespaces/rest/pods/p1')).status).toBe(404);
  });

  it('keeps an object with finalizers until an update removes the last one', async () => {
    await call(api.url, 'POST', '/api/v1/namespaces/rest/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'held', finalizers: ['example.com/hold'] },
    });
    const deleting = await call(api.url, 'DELETE', '/api/v1/namespaces/rest/configmaps/held');
    expect(deleting.status).toBe(202);
    expect(deleting.body.metadata.deletionTimestamp).toBeDefined();
    const released = await call(
      api.url,
      'PATCH',
      '/api/v1/namespaces/rest/configmaps/held',
      { metadata: { finalizers: null } },
      {
        'content-type': 'application/merge-patch+json',
      },
    );
    expect(released.status).toBe(200);
    expect((await call(api.url, 'GET', '/api/v1/namespaces/rest/configmaps/held')).status).toBe(404);
  });

  it('refuses to create in a namespace that does not exist', async () => {
    const res = await call(api.url, 'POST', '/api/v1/namespaces/nowhere/configmaps', {
      metadata: { name: 'x' },
    });
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('namespaces "nowhere" not found');
  });

  it('serves generateName', async () => {
    const res = await call(api.url, 'POST', '/api/v1/namespaces/rest/configmaps', {
      metadata: { generateName: 'gen-' },
    });
    expect(res.status).toBe(201);
    expect(res.body.metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('counts requests in apiserver_request_total with Kubernetes label names', async () => {
    const res = await api.fetch('/metrics');
    const text = await res.text();
    expect(text).toMatch(
      /apiserver_request_total\{[^}]*verb="POST"[^}]*group="apps"[^}]*resource="deployments"[^}]*code="201"[^}]*\} \d+/,
    );
    expect(text).toMatch(/apiserver_request_duration_seconds_bucket\{[^}]*verb="LIST"/);
    // The SLI histogram kubernetes-mixin's availability rules read: no dry_run label, 1/5/30 s buckets.
    expect(text).toMatch(
      /^apiserver_request_sli_duration_seconds_bucket\{le="1",verb="POST",group="",version="v1",resource="namespaces",subresource="",scope="cluster",component="apiserver"\} [1-9]\d*$/m,
    );
  });
});
