import { formatFieldError } from '../errors';
import { builtinResources } from '../resources';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.validation';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind)!;
const messages = (errs: ReturnType<typeof validateObjectMeta>) => errs.map(formatFieldError);

describe(validateObjectMeta.name, () => {
  it('requires a name unless generateName is given', () => {
    expect(messages(validateObjectMeta({ namespace: 'default' }, def('Pod')))).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ]);
    expect(validateObjectMeta({ generateName: 'web-', namespace: 'default' }, def('Pod'))).toEqual([]);
  });

  it('requires a namespace on namespaced kinds and forbids it elsewhere', () => {
    expect(messages(validateObjectMeta({ name: 'a' }, def('Pod')))).toEqual([
      'metadata.namespace: Required value',
    ]);
    expect(messages(validateObjectMeta({ name: 'n1', namespace: 'x' }, def('Node')))).toEqual([
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
    expect(validateObjectMeta({ name: 'a', namespace: 'Bad' }, def('Pod'))[0].field).toBe(
      'metadata.namespace',
    );
  });

  it('checks owner references and allows one controller', () => {
    const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u', controller: true };
    const errs = validateObjectMeta(
      {
        name: 'a',
        namespace: 'd',
        ownerReferences: [ref, { ...ref, name: 'rs2' }, { apiVersion: 'apps/', kind: '' }],
      },
      def('Pod'),
    );
    expect(messages(errs)).toEqual([
      expect.stringContaining(
        'Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/rs and ReplicaSet/rs2',
      ),
      'metadata.ownerReferences[2].apiVersion: Invalid value: "apps/": version must not be empty',
      'metadata.ownerReferences[2].kind: Invalid value: "": kind must not be empty',
      'metadata.ownerReferences[2].name: Invalid value: "": name must not be empty',
      'metadata.ownerReferences[2].uid: Invalid value: "": uid must not be empty',
    ]);
  });

  it('checks finalizers as qualified names', () => {
    expect(
      validateObjectMeta(
        { name: 'a', namespace: 'd', finalizers: ['example.com/x', 'bad name'] },
        def('Pod'),
      ),
    ).toEqual([expect.objectContaining({ field: 'metadata.finalizers', value: 'bad name' })]);
  });

  it('reports a malformed shape rather than throwing', () => {
    const errs = validateObjectMeta({ name: 5, namespace: 'd', labels: 3, ownerReferences: 'x' }, def('Pod'));
    expect(errs.map((e) => e.field)).toEqual([
      'metadata.name',
      'metadata.labels',
      'metadata.ownerReferences',
    ]);
  });
});

describe(validateObjectMetaUpdate.name, () => {
  const old = { name: 'a', namespace: 'd', uid: 'u1', creationTimestamp: '2024-01-01T00:00:00Z' };

  it('keeps identity fields immutable', () => {
    const errs = validateObjectMetaUpdate(
      { ...old, uid: 'u2', creationTimestamp: 'x', labels: { a: 'b' } },
      old,
    );
    expect(messages(errs)).toEqual([
      'metadata.uid: Invalid value: "u2": field is immutable',
      'metadata.creationTimestamp: Invalid value: "x": field is immutable',
    ]);
  });

  it('refuses new finalizers once deletion has started', () => {
    const deleting = { ...old, deletionTimestamp: 'now', finalizers: ['a/b'] };
    expect(validateObjectMetaUpdate({ ...deleting, finalizers: [] }, deleting)).toEqual([]);
    expect(
      validateObjectMetaUpdate({ ...deleting, finalizers: ['a/b', 'c/d'] }, deleting)[0].detail,
    ).toContain('["c/d"]');
  });
});
