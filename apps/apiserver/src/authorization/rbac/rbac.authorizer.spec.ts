import { KubeObject, ResourceCatalog } from '@orchestra/api';
import { UserInfo } from '../../authentication/user-info';
import { AuthorizationAttributes } from '../authorizer';
import { RbacAuthorizer } from './rbac.authorizer';
import { RbacCache } from './rbac-cache';
import { PolicyRule, Subject } from './rbac.types';

const api = 'rbac.authorization.k8s.io/v1';
const clusterRole = (name: string, rules: PolicyRule[], extra: Partial<KubeObject> & object = {}) =>
  ({ apiVersion: api, kind: 'ClusterRole', metadata: { name }, rules, ...extra }) as KubeObject;
const role = (namespace: string, name: string, rules: PolicyRule[]) =>
  ({ apiVersion: api, kind: 'Role', metadata: { name, namespace }, rules }) as KubeObject;
const binding = (
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  name: string,
  roleRef: { kind: string; name: string },
  subjects: Subject[],
  namespace?: string,
) =>
  ({
    apiVersion: api,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
    subjects,
  }) as KubeObject;

const alice: UserInfo = { username: 'alice', groups: ['system:authenticated'] };
const view: PolicyRule[] = [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] }];

function setup(...objects: KubeObject[]): RbacAuthorizer {
  const cache = new RbacCache(new ResourceCatalog());
  for (const o of objects) cache.put(o);
  void cache.start(); // without a store: synced at once
  return new RbacAuthorizer(cache);
}

const req = (over: Partial<AuthorizationAttributes> = {}): AuthorizationAttributes => ({
  user: alice,
  verb: 'get',
  resourceRequest: true,
  apiGroup: '',
  resource: 'pods',
  namespace: 'a',
  name: 'web',
  ...over,
});

describe(RbacAuthorizer.name, () => {
  it('allows by a ClusterRoleBinding everywhere, with Kubernetes reason', async () => {
    const rbac = setup(
      clusterRole('viewer', view),
      binding('ClusterRoleBinding', 'alice-view', { kind: 'ClusterRole', name: 'viewer' }, [
        { kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' },
      ]),
    );
    expect(await rbac.authorize(req({ namespace: 'b' }))).toEqual({
      decision: 'allow',
      reason: 'RBAC: allowed by ClusterRoleBinding "alice-view" of ClusterRole "viewer" to User "alice"',
    });
    expect((await rbac.authorize(req({ verb: 'delete' }))).decision).toBe('no-opinion');
    expect((await rbac.authorize(req({ user: { username: 'bob', groups: [] } }))).decision).toBe(
      'no-opinion',
    );
  });

  it('allows by a RoleBinding only in its namespace, of a Role or a ClusterRole', async () => {
    const rbac = setup(
      clusterRole('viewer', view),
      role('a', 'editor', [{ verbs: ['create'], apiGroups: ['apps'], resources: ['deployments'] }]),
      binding(
        'RoleBinding',
        'view',
        { kind: 'ClusterRole', name: 'viewer' },
        [{ kind: 'Group', name: 'devs' }],
        'a',
      ),
      binding(
        'RoleBinding',
        'edit',
        { kind: 'Role', name: 'editor' },
        [{ kind: 'User', name: 'alice' }],
        'a',
      ),
    );
    const dev = { username: 'carol', groups: ['devs'] };
    expect(await rbac.authorize(req({ user: dev }))).toEqual({
      decision: 'allow',
      reason: 'RBAC: allowed by RoleBinding "view/a" of ClusterRole "viewer" to Group "devs"',
    });
    expect((await rbac.authorize(req({ user: dev, namespace: 'b' }))).decision).toBe('no-opinion');
    expect((await rbac.authorize(req({ user: dev, namespace: undefined }))).decision).toBe('no-opinion');
    const create = req({ verb: 'create', apiGroup: 'apps', resource: 'deployments', name: undefined });
    expect((await rbac.authorize(create)).decision).toBe('allow');
    expect((await rbac.authorize({ ...create, namespace: 'b' })).decision).toBe('no-opinion');
  });

  it('matches ServiceAccount subjects, the namespace defaulting to the binding’s', async () => {
    const rbac = setup(
      clusterRole('viewer', view),
      binding(
        'RoleBinding',
        'sa',
        { kind: 'ClusterRole', name: 'viewer' },
        [{ kind: 'ServiceAccount', name: 'ci' }],
        'a',
      ),
      binding('ClusterRoleBinding', 'sa-all', { kind: 'ClusterRole', name: 'viewer' }, [
        { kind: 'ServiceAccount', name: 'robot', namespace: 'ops' },
        { kind: 'ServiceAccount', name: 'nobody' },
      ]),
    );
    const ci = { username: 'system:serviceaccount:a:ci', groups: ['system:serviceaccounts'] };
    expect(await rbac.authorize(req({ user: ci }))).toEqual({
      decision: 'allow',
      reason: 'RBAC: allowed by RoleBinding "sa/a" of ClusterRole "viewer" to ServiceAccount "ci/a"',
    });
    const otherCi = { username: 'system:serviceaccount:b:ci', groups: [] };
    expect((await rbac.authorize(req({ user: otherCi, namespace: 'a' }))).decision).toBe('no-opinion');
    const robot = { username: 'system:serviceaccount:ops:robot', groups: [] };
    expect((await rbac.authorize(req({ user: robot, namespace: 'x' }))).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "sa-all" of ClusterRole "viewer" to ServiceAccount "robot/ops"',
    );
    // A ServiceAccount subject of a ClusterRoleBinding without a namespace matches nobody.
    const nobody = { username: 'system:serviceaccount::nobody', groups: [] };
    expect((await rbac.authorize(req({ user: nobody }))).decision).toBe('no-opinion');
  });

  it('ignores a binding whose role does not exist', async () => {
    const rbac = setup(
      binding('ClusterRoleBinding', 'x', { kind: 'ClusterRole', name: 'missing' }, [
        { kind: 'User', name: 'alice' },
      ]),
      binding('RoleBinding', 'y', { kind: 'Role', name: 'missing' }, [{ kind: 'User', name: 'alice' }], 'a'),
    );
    expect((await rbac.authorize(req())).decision).toBe('no-opinion');
  });

  it('aggregates ClusterRoles by label, transitively, at evaluation time', async () => {
    const selector = (to: string) => ({
      aggregationRule: {
        clusterRoleSelectors: [{ matchLabels: { [`rbac.authorization.k8s.io/aggregate-to-${to}`]: 'true' } }],
      },
    });
    const rbac = setup(
      clusterRole('admin', [], selector('admin')),
      clusterRole('edit', [{ verbs: ['create'], apiGroups: [''], resources: ['pods'] }], {
        ...selector('edit'),
        metadata: { name: 'edit', labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } },
      }),
      clusterRole('view', view, {
        metadata: { name: 'view', labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } },
      }),
      binding(
        'RoleBinding',
        'admin',
        { kind: 'ClusterRole', name: 'admin' },
        [{ kind: 'User', name: 'alice' }],
        'a',
      ),
    );
    expect((await rbac.authorize(req())).decision).toBe('allow');
    expect((await rbac.authorize(req({ verb: 'create', name: undefined }))).decision).toBe('allow');
    expect((await rbac.authorize(req({ verb: 'delete' }))).decision).toBe('no-opinion');
    // A role labelled later joins at once.
    rbac.cache.put(
      clusterRole('deleter', [{ verbs: ['delete'], apiGroups: [''], resources: ['pods'] }], {
        metadata: { name: 'deleter', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
      }),
    );
    expect((await rbac.authorize(req({ verb: 'delete' }))).decision).toBe('no-opinion');
    rbac.cache.put(
      clusterRole('view', view, {
        ...selector('view'),
        metadata: { name: 'view', labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } },
      }),
    );
    expect((await rbac.authorize(req({ verb: 'delete' }))).decision).toBe('allow');
  });

  it('namespacesAllowing: all for a cluster-wide grant, else the namespaces that allow', () => {
    const rbac = setup(
      clusterRole('viewer', view),
      binding(
        'RoleBinding',
        'v',
        { kind: 'ClusterRole', name: 'viewer' },
        [{ kind: 'User', name: 'alice' }],
        'a',
      ),
      binding(
        'RoleBinding',
        'v',
        { kind: 'ClusterRole', name: 'viewer' },
        [{ kind: 'User', name: 'alice' }],
        'c',
      ),
      binding(
        'RoleBinding',
        'v',
        { kind: 'ClusterRole', name: 'viewer' },
        [{ kind: 'User', name: 'bob' }],
        'b',
      ),
      binding('ClusterRoleBinding', 'dave', { kind: 'ClusterRole', name: 'viewer' }, [
        { kind: 'User', name: 'dave' },
      ]),
    );
    const list = req({ verb: 'list', name: undefined, namespace: undefined });
    expect(rbac.namespacesAllowing(list)).toEqual(new Set(['a', 'c']));
    expect(rbac.namespacesAllowing({ ...list, verb: 'delete' })).toEqual(new Set());
    expect(rbac.namespacesAllowing({ ...list, user: { username: 'dave', groups: [] } })).toBe('all');
  });

  it('rulesFor lists cluster-wide rules and the namespace’s', () => {
    const rbac = setup(
      clusterRole('viewer', view),
      role('a', 'r', [{ verbs: ['delete'], apiGroups: [''], resources: ['pods'] }]),
      binding('RoleBinding', 'r', { kind: 'Role', name: 'r' }, [{ kind: 'User', name: 'alice' }], 'a'),
      binding('ClusterRoleBinding', 'v', { kind: 'ClusterRole', name: 'viewer' }, [
        { kind: 'Group', name: 'system:authenticated' },
      ]),
    );
    expect(rbac.rulesFor(alice, 'a')).toHaveLength(2);
    expect(rbac.rulesFor(alice, 'b')).toEqual(view);
  });
});
