import { strategyFor } from './kind-strategy';

const rbac = 'rbac.authorization.k8s.io';
const def = (kind: string, namespaced: boolean) => ({ group: rbac, kind, namespaced }) as never;
const fields = (errs: { field: string; type: string }[]) => errs.map((e) => `${e.type} ${e.field}`);

describe('RBAC validation', () => {
  const role = strategyFor({ group: rbac, kind: 'Role' });
  const clusterRole = strategyFor({ group: rbac, kind: 'ClusterRole' });
  const binding = strategyFor({ group: rbac, kind: 'RoleBinding' });
  const clusterBinding = strategyFor({ group: rbac, kind: 'ClusterRoleBinding' });

  it('accepts names with colons (system:node) and refuses / and %', () => {
    const ok = { metadata: { name: 'system:node' }, rules: [] } as never;
    expect(clusterRole.validate(ok, def('ClusterRole', false))).toEqual([]);
    const bad = { metadata: { name: 'a/b' }, rules: [] } as never;
    expect(fields(clusterRole.validate(bad, def('ClusterRole', false)) as never)).toEqual([
      'FieldValueInvalid metadata.name',
    ]);
  });

  it('rules need verbs, and groups with resources or non-resource URLs', () => {
    const errs = role.validate(
      {
        metadata: { name: 'r', namespace: 'a' },
        rules: [
          { apiGroups: [''], resources: ['pods'] },
          { verbs: ['get'] },
          { verbs: ['get'], nonResourceURLs: ['/healthz'] },
        ],
      } as never,
      def('Role', true),
    );
    expect(fields(errs as never)).toEqual([
      'FieldValueRequired rules[0].verbs',
      'FieldValueRequired rules[1].apiGroups',
      'FieldValueRequired rules[1].resources',
      'FieldValueInvalid rules[2].nonResourceURLs',
    ]);
    const mixed = clusterRole.validate(
      {
        metadata: { name: 'r' },
        rules: [{ verbs: ['get'], nonResourceURLs: ['/x'], resources: ['pods'], apiGroups: [''] }],
        aggregationRule: { clusterRoleSelectors: [] },
      } as never,
      def('ClusterRole', false),
    );
    expect(fields(mixed as never)).toEqual([
      'FieldValueInvalid rules[0].nonResourceURLs',
      'FieldValueRequired aggregationRule.clusterRoleSelectors',
    ]);
  });

  it('defaults the API groups of roleRef and User/Group subjects, and checks subjects', () => {
    const object = {
      metadata: { name: 'b', namespace: 'a' },
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'ServiceAccount', name: 'ci' },
        { kind: 'Robot', name: 'x' },
      ],
    };
    binding.applyDefaults(object as never);
    expect(object.roleRef).toEqual({ kind: 'ClusterRole', name: 'view', apiGroup: rbac });
    expect(object.subjects[0]).toEqual({ kind: 'User', name: 'alice', apiGroup: rbac });
    expect(fields(binding.validate(object as never, def('RoleBinding', true)) as never)).toEqual([
      'FieldValueNotSupported subjects[2].kind',
    ]);
    // A ClusterRoleBinding's ServiceAccount subject needs its namespace; its roleRef a ClusterRole.
    const cluster = {
      metadata: { name: 'c' },
      roleRef: { apiGroup: rbac, kind: 'Role', name: 'r' },
      subjects: [{ kind: 'ServiceAccount', name: 'ci' }],
    };
    expect(
      fields(clusterBinding.validate(cluster as never, def('ClusterRoleBinding', false)) as never),
    ).toEqual(['FieldValueNotSupported roleRef.kind', 'FieldValueRequired subjects[0].namespace']);
  });

  it('roleRef is immutable', () => {
    const old = { metadata: { name: 'b' }, roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'view' } };
    const changed = { ...old, roleRef: { ...old.roleRef, name: 'edit' } };
    expect(binding.validateUpdate(old as never, old as never, def('RoleBinding', true))).toEqual([]);
    expect(
      fields(binding.validateUpdate(changed as never, old as never, def('RoleBinding', true)) as never),
    ).toEqual(['FieldValueInvalid roleRef']);
  });
});
