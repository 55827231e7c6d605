import { KubeObject } from '@orchestra/api';
import { AuthorizationAttributes } from '../authorizer';
import { NodeAuthorizer } from './node.authorizer';
import { nodeMayModifyPod } from './node-pod';

const kubelet = { username: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] };
const pods: Record<string, KubeObject> = {
  'a/mine': {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'mine', namespace: 'a' },
    spec: { nodeName: 'n1' },
  },
  'a/theirs': {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'theirs', namespace: 'a' },
    spec: { nodeName: 'n2' },
  },
  'a/pending': { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pending', namespace: 'a' }, spec: {} },
};
const authorizer = new NodeAuthorizer(async (ns, name) => pods[`${ns}/${name}`]);
const ask = (over: Partial<AuthorizationAttributes>) =>
  authorizer.authorize({
    user: kubelet,
    verb: 'get',
    resourceRequest: true,
    apiGroup: '',
    ...over,
  } as AuthorizationAttributes);

describe(NodeAuthorizer.name, () => {
  it('has no opinion on users that are not nodes', async () => {
    const alice = { username: 'alice', groups: ['system:authenticated'] };
    expect(
      (await authorizer.authorize({ user: alice, verb: 'get', resourceRequest: true, resource: 'pods' }))
        .decision,
    ).toBe('no-opinion');
    // system:node:<name> outside system:nodes is not a node
    const fake = { username: 'system:node:n1', groups: [] };
    expect(
      (await authorizer.authorize({ user: fake, verb: 'get', resourceRequest: true, resource: 'pods' }))
        .decision,
    ).toBe('no-opinion');
  });

  it('lets a kubelet register and update its own Node, and denies writes to another', async () => {
    expect((await ask({ verb: 'create', resource: 'nodes' })).decision).toBe('allow');
    expect((await ask({ verb: 'list', resource: 'nodes' })).decision).toBe('allow');
    expect((await ask({ verb: 'update', resource: 'nodes', name: 'n1' })).decision).toBe('allow');
    expect(
      (await ask({ verb: 'patch', resource: 'nodes', subresource: 'status', name: 'n1' })).decision,
    ).toBe('allow');
    expect(await ask({ verb: 'update', resource: 'nodes', subresource: 'status', name: 'n2' })).toEqual({
      decision: 'deny',
      reason: 'node "n1" is not allowed to modify node "n2"',
    });
    expect((await ask({ verb: 'patch', resource: 'nodes', name: 'n2' })).decision).toBe('deny');
    expect((await ask({ verb: 'delete', resource: 'nodes', name: 'n2' })).decision).toBe('deny');
    expect((await ask({ verb: 'get', resource: 'nodes', name: 'n2' })).decision).toBe('allow');
    // Unnamed (kubectl auth can-i patch nodes): the node rules answer.
    expect((await ask({ verb: 'patch', resource: 'nodes' })).decision).toBe('allow');
  });

  it('gives a kubelet its own Lease in kube-node-lease only', async () => {
    const lease = { apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease' };
    expect((await ask({ ...lease, verb: 'create' })).decision).toBe('allow');
    expect((await ask({ ...lease, verb: 'get', name: 'n1' })).decision).toBe('allow');
    expect((await ask({ ...lease, verb: 'update', name: 'n1' })).decision).toBe('allow');
    expect((await ask({ ...lease, verb: 'update', name: 'n2' })).decision).toBe('deny');
    expect((await ask({ ...lease, verb: 'delete', name: 'n2' })).decision).toBe('deny');
    expect((await ask({ ...lease, verb: 'get', name: 'n2' })).decision).toBe('no-opinion');
    expect((await ask({ ...lease, verb: 'list' })).decision).toBe('no-opinion');
    expect((await ask({ ...lease, namespace: 'kube-system', verb: 'update', name: 'n1' })).decision).toBe(
      'no-opinion',
    );
  });

  it('lets a kubelet delete and write the status of its own pods only', async () => {
    expect((await ask({ verb: 'list', resource: 'pods' })).decision).toBe('allow');
    expect((await ask({ verb: 'delete', resource: 'pods', namespace: 'a', name: 'mine' })).decision).toBe(
      'allow',
    );
    expect(
      (await ask({ verb: 'patch', resource: 'pods', subresource: 'status', namespace: 'a', name: 'mine' }))
        .decision,
    ).toBe('allow');
    expect(
      await ask({ verb: 'patch', resource: 'pods', subresource: 'status', namespace: 'a', name: 'theirs' }),
    ).toEqual({
      decision: 'deny',
      reason: 'node "n1" can only update pod status for pods with spec.nodeName set to itself',
    });
    expect((await ask({ verb: 'delete', resource: 'pods', namespace: 'a', name: 'theirs' })).decision).toBe(
      'deny',
    );
    expect((await ask({ verb: 'delete', resource: 'pods', namespace: 'a', name: 'pending' })).decision).toBe(
      'deny',
    );
    expect((await ask({ verb: 'delete', resource: 'pods', namespace: 'a' })).decision).toBe('allow');
    // Not there: left to the 404.
    expect((await ask({ verb: 'delete', resource: 'pods', namespace: 'a', name: 'gone' })).decision).toBe(
      'allow',
    );
    // Pod specs, creates and bindings are not a kubelet's.
    expect((await ask({ verb: 'update', resource: 'pods', namespace: 'a', name: 'mine' })).decision).toBe(
      'no-opinion',
    );
    expect((await ask({ verb: 'create', resource: 'pods', namespace: 'a' })).decision).toBe('no-opinion');
    expect(
      (await ask({ verb: 'create', resource: 'pods', subresource: 'binding', namespace: 'a', name: 'mine' }))
        .decision,
    ).toBe('no-opinion');
  });

  it('allows events and the chaos agent, and nothing else', async () => {
    expect((await ask({ verb: 'create', resource: 'events', namespace: 'a' })).decision).toBe('allow');
    const chaos = { apiGroup: 'chaos.orchestra.dev', resource: 'chaosexperiments', namespace: 'a' };
    expect((await ask({ ...chaos, verb: 'watch' })).decision).toBe('allow');
    expect((await ask({ ...chaos, verb: 'patch', name: 'x' })).decision).toBe('allow');
    expect((await ask({ ...chaos, verb: 'patch', name: 'x', subresource: 'status' })).decision).toBe(
      'no-opinion',
    );
    expect((await ask({ verb: 'delete', resource: 'services', namespace: 'a', name: 's' })).decision).toBe(
      'no-opinion',
    );
    expect(
      (await ask({ verb: 'get', apiGroup: 'rbac.authorization.k8s.io', resource: 'roles' })).decision,
    ).toBe('no-opinion');
  });

  it('nodeMayModifyPod: bound to this node', () => {
    expect(nodeMayModifyPod('n1', pods['a/mine'])).toBe(true);
    expect(nodeMayModifyPod('n1', pods['a/theirs'])).toBe(false);
    expect(nodeMayModifyPod('n1', pods['a/pending'])).toBe(false);
    expect(nodeMayModifyPod('n1', undefined)).toBe(false);
  });
});

describe(`${NodeAuthorizer.name}: ConfigMaps and Secrets`, () => {
  const pod = (name: string, nodeName: string | undefined, spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'a' },
    spec: { nodeName, containers: [], ...spec },
  });
  const inNamespace: KubeObject[] = [
    pod('env', 'n1', {
      containers: [
        {
          name: 'c',
          env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
          envFrom: [{ configMapRef: { name: 'settings' } }],
        },
      ],
    }),
    pod('vol', 'n1', {
      volumes: [
        { name: 'v', configMap: { name: 'html' } },
        { name: 'p', projected: { sources: [{ secret: { name: 'tls' } }] } },
      ],
    }),
    pod('other-node', 'n2', { volumes: [{ name: 'v', secret: { secretName: 'theirs' } }] }),
    pod('unbound', undefined, { volumes: [{ name: 'v', secret: { secretName: 'pending' } }] }),
  ];
  const graph = new NodeAuthorizer(
    async () => undefined,
    async (ns) => (ns === 'a' ? inNamespace : []),
  );
  const get = (resource: string, name: string, over: Partial<AuthorizationAttributes> = {}) =>
    graph.authorize({
      user: kubelet,
      verb: 'get',
      resourceRequest: true,
      apiGroup: '',
      resource,
      namespace: 'a',
      name,
      ...over,
    });

  it('lets a node get what the pods bound to it refer to', async () => {
    expect((await get('secrets', 'db')).decision).toBe('allow');
    expect((await get('configmaps', 'settings')).decision).toBe('allow');
    expect((await get('configmaps', 'html')).decision).toBe('allow');
    expect((await get('secrets', 'tls')).decision).toBe('allow');
  });

  it('has no opinion on anything else: other nodes’ pods, unbound pods, other kinds or namespaces, lists', async () => {
    expect(await get('secrets', 'theirs')).toEqual({
      decision: 'no-opinion',
      reason: "no relationship found between node 'n1' and this object",
    });
    expect((await get('secrets', 'pending')).decision).toBe('no-opinion');
    expect((await get('secrets', 'unrelated')).decision).toBe('no-opinion');
    // A ConfigMap named like a referenced Secret is not referenced.
    expect((await get('configmaps', 'db')).decision).toBe('no-opinion');
    expect((await get('secrets', 'db', { namespace: 'b' })).decision).toBe('no-opinion');
    expect((await get('secrets', 'db', { verb: 'list', name: undefined })).decision).toBe('no-opinion');
    expect((await get('secrets', 'db', { verb: 'watch' })).decision).toBe('no-opinion');
    expect((await get('secrets', 'db', { verb: 'update' })).decision).toBe('no-opinion');
  });

  it('remembers an allowed read for a second, a denial never', async () => {
    let now = 0;
    const pods = [...inNamespace];
    let lists = 0;
    const timed = new NodeAuthorizer(
      async () => undefined,
      async () => {
        lists++;
        return pods;
      },
      () => now,
    );
    const ask = (name: string) =>
      timed.authorize({
        user: kubelet,
        verb: 'get',
        resourceRequest: true,
        apiGroup: '',
        resource: 'secrets',
        namespace: 'a',
        name,
      });
    expect((await ask('db')).decision).toBe('allow');
    pods.splice(0, pods.length); // the pod goes
    now = 999;
    expect((await ask('db')).decision).toBe('allow');
    expect(lists).toBe(1);
    now = 1_000;
    expect((await ask('db')).decision).toBe('no-opinion');
    expect((await ask('db')).decision).toBe('no-opinion');
    expect(lists).toBe(3);
    pods.push(...inNamespace); // bound again: seen at once
    expect((await ask('db')).decision).toBe('allow');
  });
});
