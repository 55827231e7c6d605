import { KubeObject, ResourceCatalog } from '@orchestra/api';
import { AdmissionAttributes } from '../../admission/admission.types';
import { UserInfo } from '../../authentication/user-info';
import { RbacEscalationCheck } from './escalation-check';
import { RbacAuthorizer } from './rbac.authorizer';
import { RbacCache } from './rbac-cache';

const catalog = new ResourceCatalog();
const def = (plural: string) => catalog.find('rbac.authorization.k8s.io', 'v1', plural)!;
const api = 'rbac.authorization.k8s.io/v1';
const cache = new RbacCache(catalog);
const put = (o: object) => cache.put(o as KubeObject);
put({
  apiVersion: api,
  kind: 'ClusterRole',
  metadata: { name: 'pods-rw' },
  rules: [{ verbs: ['get', 'list', 'create'], apiGroups: [''], resources: ['pods'] }],
});
put({
  apiVersion: api,
  kind: 'ClusterRole',
  metadata: { name: 'everything' },
  rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
});
put({
  apiVersion: api,
  kind: 'RoleBinding',
  metadata: { name: 'alice', namespace: 'a' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'pods-rw' },
  subjects: [{ kind: 'User', name: 'alice' }],
});
put({
  apiVersion: api,
  kind: 'ClusterRole',
  metadata: { name: 'binder' },
  rules: [
    {
      verbs: ['bind'],
      apiGroups: ['rbac.authorization.k8s.io'],
      resources: ['clusterroles'],
      resourceNames: ['everything'],
    },
  ],
});
put({
  apiVersion: api,
  kind: 'RoleBinding',
  metadata: { name: 'bob-binds', namespace: 'a' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'binder' },
  subjects: [{ kind: 'User', name: 'bob' }],
});
void cache.start();
const rbac = new RbacAuthorizer(cache);
const check = new RbacEscalationCheck(rbac, rbac.resolver);

const alice: UserInfo = { username: 'alice', groups: ['system:authenticated'] };
const bob: UserInfo = { username: 'bob', groups: ['system:authenticated'] };
const attrs = (plural: string, object: object, user: UserInfo | null = alice): AdmissionAttributes =>
  ({
    operation: 'CREATE',
    def: def(plural),
    subresource: '',
    namespace: 'a',
    name: (object as KubeObject).metadata.name,
    object,
    user: user ?? undefined,
    dryRun: false,
    ctx: { dryRun: false, now: new Date() },
  }) as AdmissionAttributes;
const role = (rules: object[]) => ({
  apiVersion: api,
  kind: 'Role',
  metadata: { name: 'r', namespace: 'a' },
  rules,
});
const binding = (roleName: string) => ({
  apiVersion: api,
  kind: 'RoleBinding',
  metadata: { name: 'b', namespace: 'a' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
  subjects: [{ kind: 'User', name: 'carol' }],
});

describe(RbacEscalationCheck.name, () => {
  it('lets a user write a role with rules they hold, and refuses more, with Kubernetes message', async () => {
    await expect(
      check.validate(attrs('roles', role([{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]))),
    ).resolves.toBeUndefined();
    await expect(
      check.validate(
        attrs(
          'roles',
          role([{ verbs: ['get', 'delete', 'patch'], apiGroups: [''], resources: ['pods', 'services'] }]),
        ),
      ),
    ).rejects.toMatchObject({
      code: 403,
      message:
        'roles.rbac.authorization.k8s.io "r" is forbidden: user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["pods"], Verbs:["delete" "patch"]}\n' +
        '{APIGroups:[""], Resources:["services"], Verbs:["get" "delete" "patch"]}',
    });
  });

  it('lets a user bind a role whose rules they hold, or one they may bind', async () => {
    await expect(check.validate(attrs('rolebindings', binding('pods-rw')))).resolves.toBeUndefined();
    await expect(check.validate(attrs('rolebindings', binding('everything')))).rejects.toMatchObject({
      code: 403,
    });
    await expect(check.validate(attrs('rolebindings', binding('everything'), bob))).resolves.toBeUndefined();
    await expect(check.validate(attrs('rolebindings', binding('missing')))).rejects.toMatchObject({
      message: expect.stringContaining('clusterrole.rbac.authorization.k8s.io "missing" not found'),
    });
  });

  it('exempts system:masters and the apiserver’s own writes', async () => {
    const admin = { username: 'admin', groups: ['system:masters'] };
    await expect(
      check.validate(attrs('rolebindings', binding('everything'), admin)),
    ).resolves.toBeUndefined();
    await expect(check.validate(attrs('rolebindings', binding('everything'), null))).resolves.toBeUndefined();
  });
});
