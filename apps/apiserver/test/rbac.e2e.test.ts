/**
 * RBAC and the Node authorizer through the apiserver: the default policy is there at start; a user
 * bound to `view` in one namespace reads there only (and a list across namespaces shows only it);
 * a kubelet's identity cannot touch another node or pods bound elsewhere.
 */
import { ResourceCatalog } from '@orchestra/api';
import { call, startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { BootstrapRolesReconciler } from '../src/authorization/rbac/bootstrap-roles.reconciler';
import { ResourceRegistry } from '../src/registry/resource.registry';

const rbac = '/apis/rbac.authorization.k8s.io/v1';
const pod = (name: string, nodeName?: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'nginx' }], ...(nodeName ? { nodeName } : {}) },
});

async function eventually<T>(fn: () => Promise<T>, ok: (t: T) => boolean, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('RBAC authorization', () => {
  let server: TestApiserver;
  let as: (user: string) => Record<string, string>;

  beforeAll(async () => {
    server = await startTestApiserver('rbac');
    const token = (user: string, groups: string[] = []) => server.credentials.addUser(user, groups);
    token('alice');
    token('dana');
    token('system:node:n1', ['system:nodes']);
    as = (user) => ({ authorization: `Bearer ${token(user)}` });
    for (const ns of ['a', 'b']) {
      expect((await call(server.url, 'POST', '/api/v1/namespaces', { metadata: { name: ns } })).status).toBe(
        201,
      );
      expect((await call(server.url, 'POST', `/api/v1/namespaces/${ns}/pods`, pod(`web-${ns}`))).status).toBe(
        201,
      );
    }
    for (const name of ['n1', 'n2'])
      expect((await call(server.url, 'POST', '/api/v1/nodes', { metadata: { name } })).status).toBe(201);
    await call(server.url, 'POST', '/api/v1/namespaces/a/pods', pod('on-n1', 'n1'));
    await call(server.url, 'POST', '/api/v1/namespaces/a/pods', pod('on-n2', 'n2'));
  });

  afterAll(() => server.close());

  it('reconciles the default policy at start', async () => {
    for (const name of [
      'cluster-admin',
      'admin',
      'edit',
      'view',
      'system:node',
      'orchestra:chaos-engineer',
    ]) {
      const role = await call(server.url, 'GET', `${rbac}/clusterroles/${name}`);
      expect(role.status).toBe(200);
      expect(role.body.metadata.labels['kubernetes.io/bootstrapping']).toBe('rbac-defaults');
    }
    // Nothing is left to aggregate: no write follows the start.
    const revision = async () =>
      (await call(server.url, 'GET', `${rbac}/clusterroles`)).body.metadata.resourceVersion;
    const before = await revision();
    await new Promise((r) => setTimeout(r, 300));
    expect(await revision()).toBe(before);
    const metrics = await call(server.url, 'GET', '/metrics');
    expect(metrics.body).toMatch(
      /apiserver_authorization_decisions_total\{type="privileged-group",name="privileged-group",decision="allowed"[^}]*\} \d+/,
    );
    const masters = await call(server.url, 'GET', `${rbac}/clusterrolebindings/cluster-admin`);
    expect(masters.body.subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' },
    ]);
  });

  it('reconciles again: missing rules and subjects come back, autoupdate "false" is left alone', async () => {
    const get = async (path: string) => (await call(server.url, 'GET', `${rbac}/${path}`)).body;
    const put = async (path: string, body: unknown) =>
      expect((await call(server.url, 'PUT', `${rbac}/${path}`, body)).status).toBe(200);
    const scheduler = await get('clusterroles/system:kube-scheduler');
    await put('clusterroles/system:kube-scheduler', {
      ...scheduler,
      rules: scheduler.rules.filter((r: any) => !r.resources?.includes('nodes')),
    });
    const monitoring = await get('clusterroles/system:monitoring');
    await put('clusterroles/system:monitoring', {
      ...monitoring,
      metadata: {
        ...monitoring.metadata,
        annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'false' },
      },
      rules: [],
    });
    const basic = await get('clusterrolebindings/system:basic-user');
    await put('clusterrolebindings/system:basic-user', { ...basic, subjects: [] });

    const reconcile = () =>
      new BootstrapRolesReconciler(server.app.get(ResourceRegistry), new ResourceCatalog()).reconcile();
    const result = await reconcile();
    expect(result.updated.sort()).toEqual([
      'clusterrole/system:kube-scheduler',
      'clusterrolebinding/system:basic-user',
    ]);
    expect(result.failed).toEqual([]);
    expect((await get('clusterroles/system:kube-scheduler')).rules).toEqual(
      expect.arrayContaining([expect.objectContaining({ resources: ['nodes'], verbs: ['get'] })]),
    );
    expect((await get('clusterroles/system:monitoring')).rules ?? []).toEqual([]);
    expect((await get('clusterrolebindings/system:basic-user')).subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' },
    ]);
    // Nothing left to do the next time.
    expect(await reconcile()).toEqual({ created: [], updated: [], failed: [] });
  });

  it('aggregates a labelled ClusterRole into admin, edit and view, in the stored rules too', async () => {
    const created = await call(server.url, 'POST', `${rbac}/clusterroles`, {
      metadata: { name: 'widgets-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
      rules: [{ verbs: ['get'], apiGroups: ['example.com'], resources: ['widgets'] }],
    });
    expect(created.status).toBe(201);
    for (const role of ['view', 'edit', 'admin']) {
      const stored = await eventually(
        async () => (await call(server.url, 'GET', `${rbac}/clusterroles/${role}`)).body,
        (r) => r.rules?.some((rule: any) => rule.resources?.includes('widgets')),
      );
      expect([role, stored.rules.some((rule: any) => rule.resources?.includes('widgets'))]).toEqual([
        role,
        true,
      ]);
    }
  });

  it('a user bound to view in a reads there only, and lists across namespaces see only a', async () => {
    const denied = await call(server.url, 'GET', '/api/v1/namespaces/a/pods', undefined, as('alice'));
    expect(denied.status).toBe(403);
    expect(denied.body.message).toBe(
      'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "a"',
    );
    const binding = await call(server.url, 'POST', `${rbac}/namespaces/a/rolebindings`, {
      metadata: { name: 'alice-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
    });
    expect(binding.status).toBe(201);

    // In effect within a second of the write.
    const started = Date.now();
    const list = await eventually(
      () => call(server.url, 'GET', '/api/v1/namespaces/a/pods', undefined, as('alice')),
      (r) => r.status === 200,
    );
    expect(list.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(
      (await call(server.url, 'GET', '/api/v1/namespaces/a/pods/web-a', undefined, as('alice'))).status,
    ).toBe(200);

    const write = await call(server.url, 'POST', '/api/v1/namespaces/a/pods', pod('x'), as('alice'));
    expect(write.status).toBe(403);
    expect(
      (await call(server.url, 'DELETE', '/api/v1/namespaces/a/pods/web-a', undefined, as('alice'))).status,
    ).toBe(403);
    expect((await call(server.url, 'GET', '/api/v1/namespaces/b/pods', undefined, as('alice'))).status).toBe(
      403,
    );
    expect((await call(server.url, 'GET', '/api/v1/nodes', undefined, as('alice'))).status).toBe(403);
    expect((await call(server.url, 'GET', `${rbac}/namespaces/a/roles`, undefined, as('alice'))).status).toBe(
      403,
    );

    const all = await call(server.url, 'GET', '/api/v1/pods', undefined, as('alice'));
    expect(all.status).toBe(200);
    expect(new Set(all.body.items.map((p: any) => p.metadata.namespace))).toEqual(new Set(['a']));
    // Secrets-like escalation: view never reaches RBAC objects or chaos writes.
    const chaos = await call(
      server.url,
      'POST',
      '/chaos/v1/pod-kill?namespace=a&labelSelector=app%3Dx',
      undefined,
      as('alice'),
    );
    expect(chaos.status).toBe(403);
  });

  it('a watch across all namespaces shows only the namespaces the user may read', async () => {
    const controller = new AbortController();
    const events: any[] = [];
    const res = await fetch(`${server.url}/api/v1/pods?watch=true&resourceVersion=0`, {
      headers: as('alice'),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    void (async () => {
      let buffered = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += Buffer.from(chunk).toString('utf8');
        for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
          events.push(JSON.parse(buffered.slice(0, i)));
          buffered = buffered.slice(i + 1);
        }
      }
    })().catch(() => undefined);
    await call(server.url, 'POST', '/api/v1/namespaces/b/pods', pod('watched-b'));
    await call(server.url, 'POST', '/api/v1/namespaces/a/pods', pod('watched-a'));
    await eventually(
      async () => events.some((e) => e.object?.metadata?.name === 'watched-a'),
      (seen) => seen,
    );
    controller.abort();
    const namespaces = new Set(events.map((e) => e.object?.metadata?.namespace));
    expect(namespaces).toEqual(new Set(['a']));
  });

  it('prevents escalation: a namespace admin grants only what they hold', async () => {
    const dana = as('dana');
    const bind = (name: string, role: string, headers: Record<string, string>) =>
      call(
        server.url,
        'POST',
        `${rbac}/namespaces/b/rolebindings`,
        {
          metadata: { name },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'erin' }],
        },
        headers,
      );
    expect((await bind('dana-admin', 'admin', {})).status).toBe(201);
    // dana is bound by the admin above only once the binding names her.
    expect(
      (
        await call(server.url, 'PUT', `${rbac}/namespaces/b/rolebindings/dana-admin`, {
          ...(await call(server.url, 'GET', `${rbac}/namespaces/b/rolebindings/dana-admin`)).body,
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'dana' }],
        })
      ).status,
    ).toBe(200);
    const edit = await eventually(
      () => bind('erin-edit', 'edit', dana),
      (r) => r.status !== 403,
    );
    expect(edit.status).toBe(201);
    const escalate = await bind('erin-admin', 'cluster-admin', dana);
    expect(escalate.status).toBe(403);
    expect(escalate.body.message).toMatch(
      /^rolebindings\.rbac\.authorization\.k8s\.io "erin-admin" is forbidden: user "dana" \(groups=\["system:authenticated"\]\) is attempting to grant RBAC permissions not currently held:\n\{APIGroups:\["\*"\], Resources:\["\*"\], Verbs:\["\*"\]\}/,
    );
    const role = (rules: object[]) =>
      call(
        server.url,
        'POST',
        `${rbac}/namespaces/b/roles`,
        { metadata: { name: `r${rules.length}` }, rules },
        dana,
      );
    expect((await role([{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }])).status).toBe(201);
    const nodes = await role([
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['get'], apiGroups: [''], resources: ['nodes'] },
    ]);
    expect(nodes.status).toBe(403);
    expect(nodes.body.message).toContain('{APIGroups:[""], Resources:["nodes"], Verbs:["get"]}');
  });

  it('a kubelet writes its own Node and pods only', async () => {
    const node = as('system:node:n1');
    const patch = (path: string, body: unknown) =>
      call(server.url, 'PATCH', path, body, { ...node, 'content-type': 'application/merge-patch+json' });
    expect((await patch('/api/v1/nodes/n1', { metadata: { labels: { x: 'y' } } })).status).toBe(200);
    const other = await patch('/api/v1/nodes/n2', { metadata: { labels: { x: 'y' } } });
    expect(other.status).toBe(403);
    expect(other.body.message).toContain('node "n1" is not allowed to modify node "n2"');
    expect(
      (await patch('/api/v1/namespaces/a/pods/on-n1/status', { status: { phase: 'Running' } })).status,
    ).toBe(200);
    expect(
      (await patch('/api/v1/namespaces/a/pods/on-n2/status', { status: { phase: 'Running' } })).status,
    ).toBe(403);
    expect(
      (await call(server.url, 'DELETE', '/api/v1/namespaces/a/pods/on-n2', undefined, node)).status,
    ).toBe(403);
    expect(
      (await call(server.url, 'GET', '/api/v1/pods?fieldSelector=spec.nodeName%3Dn1', undefined, node))
        .status,
    ).toBe(200);
    expect((await call(server.url, 'GET', '/api/v1/namespaces/a/configmaps', undefined, node)).status).toBe(
      403,
    );
  });
});
