import { PersistentVolumeClaim } from '@orchestra/api';
import { Lister } from '@orchestra/client';
import { VolumeBinderApi, VolumeBinderReconciler } from './volume-binder.reconciler';

const claim = (o: Partial<PersistentVolumeClaim> = {}): PersistentVolumeClaim => ({
  metadata: { name: 'www-web-0', namespace: 'default', uid: 'c1' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  status: { phase: 'Pending' },
  ...o,
});

function setup(stored: PersistentVolumeClaim) {
  const writes: PersistentVolumeClaim[] = [];
  const events: string[] = [];
  const api: VolumeBinderApi = {
    updateClaim: async (c) => (writes.push(c), c),
    updateClaimStatus: async (c) => (writes.push(c), c),
  };
  const claims: Lister<PersistentVolumeClaim> = {
    get: (key) => (key === 'default/www-web-0' ? stored : undefined),
    list: () => [stored],
    keys: () => ['default/www-web-0'],
    byIndex: () => [],
  };
  const reconciler = new VolumeBinderReconciler({
    claims,
    api,
    events: {
      normal: (_o, reason, message) => events.push(`${reason}: ${message}`),
      warning: () => undefined,
    },
  });
  return { reconciler, writes, events };
}

describe(VolumeBinderReconciler.name, () => {
  it('binds a new claim to its own volume, pvc-<uid>, with the requested capacity and access modes', async () => {
    const { reconciler, writes, events } = setup(claim());
    await reconciler.reconcile('default/www-web-0');
    expect(writes[0].spec.volumeName).toBe('pvc-c1');
    expect(writes[0].metadata.annotations).toEqual({
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
    });
    expect(writes[1].status).toEqual({
      phase: 'Bound',
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '1Gi' },
    });
    expect(events).toEqual(['ProvisioningSucceeded: Successfully provisioned volume pvc-c1']);
  });

  it('leaves a bound claim and a claim being deleted alone', async () => {
    const bound = setup(
      claim({ spec: { ...claim().spec, volumeName: 'pvc-c1' }, status: { phase: 'Bound' } }),
    );
    await bound.reconciler.reconcile('default/www-web-0');
    const deleting = setup(
      claim({ metadata: { ...claim().metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } }),
    );
    await deleting.reconciler.reconcile('default/www-web-0');
    expect([...bound.writes, ...deleting.writes]).toEqual([]);
  });
});
