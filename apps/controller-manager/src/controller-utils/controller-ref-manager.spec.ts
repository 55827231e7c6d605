import { ApiError, OwnerReference, Pod } from '@orchestra/api';
import { replicaSetKind } from './controller-ref';
import { claim, PatchOwnerReferences } from './controller-ref-manager';

const rs = {
  metadata: { name: 'web', namespace: 'default', uid: 'rs-uid' },
  spec: { selector: { matchLabels: { app: 'web' } } },
};
const ours: OwnerReference = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  name: 'web',
  uid: 'rs-uid',
  controller: true,
  blockOwnerDeletion: true,
};
const pod = (name: string, app: string, ownerReferences?: OwnerReference[]): Pod => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app }, ownerReferences },
  spec: { containers: [] },
});

describe(claim.name, () => {
  it('adopts matching orphans and releases owned pods that stopped matching, by patch', async () => {
    const patches: string[] = [];
    const patch: PatchOwnerReferences<Pod> = async (ns, name, uid, refs) => {
      patches.push(`${ns}/${name} ${uid} ${refs.map((r) => r.uid).join(',') || '-'}`);
      return pod(name, 'web', refs);
    };
    const someoneElse = { ...ours, uid: 'other-uid', name: 'other' };
    const owned = await claim(
      rs,
      replicaSetKind,
      [
        pod('kept', 'web', [ours]),
        pod('orphan', 'web'),
        pod('relabelled', 'db', [ours]),
        pod('not-ours', 'web', [someoneElse]),
      ],
      patch,
    );
    expect(owned.map((p) => p.metadata.name)).toEqual(['kept', 'orphan']);
    expect(owned[1].metadata.ownerReferences).toEqual([ours]);
    expect(patches).toEqual(['default/orphan uid-orphan rs-uid', 'default/relabelled uid-relabelled -']);
  });

  it('skips a pod deleted meanwhile, and fails on any other error', async () => {
    const gone: PatchOwnerReferences<Pod> = () => Promise.reject(new ApiError(404, 'NotFound', 'gone'));
    await expect(claim(rs, replicaSetKind, [pod('orphan', 'web')], gone)).resolves.toEqual([]);
    const conflict: PatchOwnerReferences<Pod> = () =>
      Promise.reject(new ApiError(409, 'Conflict', 'the object has been modified'));
    await expect(claim(rs, replicaSetKind, [pod('orphan', 'web')], conflict)).rejects.toThrow('modified');
  });
});
