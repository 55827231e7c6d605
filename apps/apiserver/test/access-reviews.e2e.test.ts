/**
 * The access reviews over HTTP and with the real kubectl: `kubectl auth can-i` (and `--list`,
 * `--as`), `kubectl auth whoami`, SubjectAccessReview for someone else; `kubectl create role` and
 * `rolebinding`, and their printed columns.
 */
import { execFile } from 'node:child_process';
import { call, startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { KubectlSession } from '../../../tools/testing/kubectl-session';
import { tlsKubectlSession } from '../../../tools/testing/tls-kubectl-session';
import { installedKubectlClients, KubectlClient } from './kubectl-clients';

const authz = '/apis/authorization.k8s.io/v1';
const clients: KubectlClient[] = installedKubectlClients(['1.27', '1.33']);

describe('access reviews', () => {
  let server: TestApiserver;
  let alice: Record<string, string>;

  beforeAll(async () => {
    server = await startTestApiserver('access-reviews');
    alice = { authorization: `Bearer ${server.credentials.addUser('alice', ['devs'])}` };
    for (const ns of ['a', 'b'])
      expect((await call(server.url, 'POST', '/api/v1/namespaces', { metadata: { name: ns } })).status).toBe(
        201,
      );
    const bind = await call(
      server.url,
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/a/rolebindings',
      {
        metadata: { name: 'alice-edit' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
      },
    );
    expect(bind.status).toBe(201);
  });

  afterAll(() => server.close());

  const ssar = (resourceAttributes: object, headers = alice) =>
    call(server.url, 'POST', `${authz}/selfsubjectaccessreviews`, { spec: { resourceAttributes } }, headers);

  it('SelfSubjectAccessReview answers for the requesting user', async () => {
    const yes = await eventuallyAllowed(() =>
      ssar({ namespace: 'a', verb: 'create', group: 'apps', resource: 'deployments' }),
    );
    expect(yes.status).toBe(201);
    expect(yes.body).toMatchObject({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      status: {
        allowed: true,
        reason: 'RBAC: allowed by RoleBinding "alice-edit/a" of ClusterRole "edit" to User "alice"',
      },
    });
    expect(
      (await ssar({ namespace: 'b', verb: 'create', group: 'apps', resource: 'deployments' })).body.status,
    ).toEqual({
      allowed: false,
    });
    // edit never writes a ChaosExperiment's status, nor RBAC objects.
    const status = await ssar({
      namespace: 'a',
      verb: 'patch',
      group: 'chaos.orchestra.dev',
      resource: 'chaosexperiments',
      subresource: 'status',
    });
    expect(status.body.status.allowed).toBe(false);
    expect(
      (
        await ssar({
          namespace: 'a',
          verb: 'create',
          group: 'rbac.authorization.k8s.io',
          resource: 'rolebindings',
        })
      ).body.status.allowed,
    ).toBe(false);
    const invalid = await call(server.url, 'POST', `${authz}/selfsubjectaccessreviews`, { spec: {} }, alice);
    expect(invalid.status).toBe(422);
    expect(invalid.body.message).toContain(
      'exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
    // Nothing is stored: there is nothing to list.
    expect((await call(server.url, 'GET', `${authz}/selfsubjectaccessreviews`)).status).toBe(405);
  });

  it('SubjectAccessReview and LocalSubjectAccessReview ask for someone else (admin only)', async () => {
    const spec = { user: 'alice', resourceAttributes: { namespace: 'a', verb: 'delete', resource: 'pods' } };
    const sar = await call(server.url, 'POST', `${authz}/subjectaccessreviews`, { spec });
    expect(sar.status).toBe(201);
    expect(sar.body.status.allowed).toBe(true);
    expect((await call(server.url, 'POST', `${authz}/subjectaccessreviews`, { spec }, alice)).status).toBe(
      403,
    );
    const local = await call(server.url, 'POST', `${authz}/namespaces/b/localsubjectaccessreviews`, {
      spec: { ...spec, resourceAttributes: { ...spec.resourceAttributes, namespace: 'b' } },
    });
    expect(local.status).toBe(201);
    expect(local.body.status.allowed).toBe(false);
    const mismatch = await call(server.url, 'POST', `${authz}/namespaces/b/localsubjectaccessreviews`, {
      spec,
    });
    expect(mismatch.status).toBe(400);
  });

  it('SelfSubjectRulesReview and SelfSubjectReview', async () => {
    const rules = await call(
      server.url,
      'POST',
      `${authz}/selfsubjectrulesreviews`,
      { spec: { namespace: 'a' } },
      alice,
    );
    expect(rules.status).toBe(201);
    expect(rules.body.status.resourceRules).toContainEqual(
      expect.objectContaining({ apiGroups: ['apps'], resources: expect.arrayContaining(['deployments']) }),
    );
    expect(rules.body.status.nonResourceRules).toContainEqual(
      expect.objectContaining({ nonResourceURLs: expect.arrayContaining(['/version']) }),
    );
    const whoami = await call(
      server.url,
      'POST',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      {},
      alice,
    );
    expect(whoami.status).toBe(201);
    expect(whoami.body.status.userInfo).toEqual({
      username: 'alice',
      groups: ['devs', 'system:authenticated'],
    });
  });

  it('discovery lists only create for the reviews', async () => {
    const list = await call(server.url, 'GET', '/apis/authorization.k8s.io/v1');
    const ssarResource = list.body.resources.find((r: any) => r.name === 'selfsubjectaccessreviews');
    expect(ssarResource).toMatchObject({
      kind: 'SelfSubjectAccessReview',
      namespaced: false,
      verbs: ['create'],
    });
  });

  describe.each(clients.map((c) => [c.label, c.path]))('with the real %s', (_label, kubectlPath) => {
    let admin: KubectlSession;
    const suffix = (_label as string)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');

    // kubectl sends no bearer token over plain HTTP: it talks to the apiserver through TLS.
    beforeAll(async () => {
      admin = await tlsKubectlSession(kubectlPath as string, server.url, 30_000, { token: server.token });
    });
    afterAll(() => admin.close());

    /** `yes` or `no` (kubectl exits 1 on no, with warnings on stderr). */
    const canI = (...args: string[]): Promise<string> =>
      new Promise((resolve, reject) =>
        execFile(
          kubectlPath as string,
          ['auth', 'can-i', ...args],
          { env: admin.env },
          (error, stdout, stderr) => {
            if (stdout === 'yes\n' || stdout === 'no\n') resolve(stdout);
            else reject(new Error(`kubectl auth can-i ${args.join(' ')}: ${stderr || error?.message}`));
          },
        ),
      );

    it('kubectl auth can-i answers for the default roles', async () => {
      expect(await canI('create', 'deployments', '-n', 'a', '--as', 'alice')).toBe('yes\n');
      expect(await canI('create', 'deployments', '-n', 'b', '--as', 'alice')).toBe('no\n');
      expect(await canI('get', 'secrets', '-n', 'a', '--as', 'alice')).toBe('yes\n');
      expect(await canI('create', 'chaosexperiments.chaos.orchestra.dev', '-n', 'a', '--as', 'alice')).toBe(
        'no\n',
      );
      expect(await canI('create', 'rolebindings', '-n', 'a', '--as', 'alice')).toBe('no\n');
      expect(await canI('patch', 'nodes', '--as', 'system:node:n1', '--as-group', 'system:nodes')).toBe(
        'yes\n',
      );
      expect(await canI('*', '*')).toBe('yes\n');
      expect(await canI('get', '/healthz', '--as', 'nobody')).toBe('yes\n');
      const list = await admin.kubectl('auth', 'can-i', '--list', '-n', 'a', '--as', 'alice');
      const deployments = list.split('\n').find((line) => line.startsWith('deployments.apps '));
      const verbs = /\[([^\]]*)\]$/.exec(deployments ?? '')?.[1].split(' ');
      expect(new Set(verbs)).toEqual(
        new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection']),
      );
    });

    it('kubectl auth whoami', async () => {
      // kubectl 1.27 asks for authentication.k8s.io/v1beta1 or v1alpha1; Orchestra serves only v1.
      if (_label === 'kubectl 1.27') return;
      const out = await admin.kubectl('auth', 'whoami', '--as', 'alice', '--as-group', 'devs');
      expect(out).toMatch(/Username\s+alice/);
    });

    it('kubectl create role and rolebinding, and their tables', async () => {
      const ns = `roles-${suffix}`;
      await admin.kubectl('create', 'namespace', ns);
      await admin.kubectl(
        'create',
        'role',
        'pod-reader',
        '-n',
        ns,
        '--verb=get,list,watch',
        '--resource=pods',
      );
      await admin.kubectl(
        'create',
        'rolebinding',
        'alice-reads',
        '-n',
        ns,
        '--role=pod-reader',
        '--user=alice',
        '--group=devs',
        `--serviceaccount=${ns}:ci`,
      );
      expect(await admin.kubectl('get', 'role', '-n', ns)).toMatch(
        /^NAME\s+CREATED AT\npod-reader\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/,
      );
      const wide = await admin.kubectl('get', 'rolebinding', 'alice-reads', '-n', ns, '-o', 'wide');
      expect(wide).toMatch(
        new RegExp(
          `^NAME\\s+ROLE\\s+AGE\\s+USERS\\s+GROUPS\\s+SERVICEACCOUNTS\\nalice-reads\\s+Role/pod-reader\\s+\\S+\\s+alice\\s+devs\\s+${ns}/ci\\n$`,
        ),
      );
      expect(await admin.kubectl('get', 'clusterrolebinding', 'cluster-admin')).toMatch(
        /cluster-admin\s+ClusterRole\/cluster-admin\s+\S+/,
      );
      expect(await canI('list', 'pods', '-n', ns, '--as', 'alice')).toBe('yes\n');
      expect(await canI('delete', 'pods', '-n', ns, '--as', 'alice')).toBe('no\n');
    });
  });
});

async function eventuallyAllowed<T extends { body: any }>(fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const r = await fn();
    if (r.body?.status?.allowed || Date.now() > deadline) return r;
    await new Promise((res) => setTimeout(res, 25));
  }
}
