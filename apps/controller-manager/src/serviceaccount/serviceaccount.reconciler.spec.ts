import { ApiError, Namespace, ServiceAccount } from '@orchestra/api';
import { Lister } from '@orchestra/client';
import { ServiceAccountReconciler } from './serviceaccount.reconciler';

type Ns = Namespace & { metadata: { name: string } };

function setup(namespaces: Ns[], accounts: string[], createError?: Error) {
  const created: ServiceAccount[] = [];
  const reconciler = new ServiceAccountReconciler({
    namespaces: {
      get: (name: string) => namespaces.find((n) => n.metadata.name === name),
    } as unknown as Lister<Ns>,
    serviceAccounts: {
      get: (key: string) => (accounts.includes(key) ? {} : undefined),
    } as unknown as Lister<ServiceAccount>,
    api: {
      create: async (sa) => {
        if (createError) throw createError;
        created.push(sa);
      },
    },
  });
  return { reconciler, created };
}

describe(ServiceAccountReconciler.name, () => {
  const active: Ns = { metadata: { name: 'a' }, status: { phase: 'Active' } };

  it('creates the default ServiceAccount of an active namespace that lacks one', async () => {
    const { reconciler, created } = setup([active], []);
    await reconciler.reconcile('a');
    expect(created).toEqual([
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'a' } },
    ]);
  });

  it('leaves namespaces that have one, are terminating or are gone alone', async () => {
    const terminating: Ns = { metadata: { name: 't', deletionTimestamp: '2026-01-01T00:00:00Z' } };
    const { reconciler, created } = setup([active, terminating], ['a/default']);
    for (const key of ['a', 't', 'gone']) await reconciler.reconcile(key);
    expect(created).toEqual([]);
  });

  it('takes AlreadyExists as done and throws other errors for a retry', async () => {
    const exists = new ApiError(409, 'AlreadyExists', 'serviceaccounts "default" already exists');
    await expect(setup([active], [], exists).reconciler.reconcile('a')).resolves.toBeUndefined();
    await expect(setup([active], [], new Error('boom')).reconciler.reconcile('a')).rejects.toThrow('boom');
  });
});
