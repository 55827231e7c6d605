import { builtinResources, KubeObject, ResourceDefinition, ResourceQuota } from '@orchestra/api';
import { Lister } from '@orchestra/client';
import { ResourceQuotaApi, ResourceQuotaReconciler } from './resourcequota.reconciler';

const namespaced = builtinResources.filter((d) => d.namespaced);
const quota: ResourceQuota = {
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'compute', namespace: 'a', resourceVersion: '7' },
  spec: { hard: { pods: '2', 'requests.cpu': '1', 'count/deployments.apps': '1' } },
  status: { hard: { pods: '2' }, used: { pods: '2' } },
};
const pod = (name: string, cpu: string, phase = 'Running') =>
  ({
    metadata: { name, namespace: 'a' },
    spec: { containers: [{ name: 'web', resources: { requests: { cpu } } }] },
    status: { phase },
  }) as unknown as KubeObject;

function setup(objects: Partial<Record<string, KubeObject[]>>) {
  const written: ResourceQuota[] = [];
  const api: ResourceQuotaApi = {
    list: async (def: ResourceDefinition) => objects[def.plural] ?? [],
    updateStatus: async (q) => void written.push(q),
  };
  const quotas = {
    get: (key: string) => (key === 'a/compute' ? quota : undefined),
  } as unknown as Lister<ResourceQuota>;
  return { reconciler: new ResourceQuotaReconciler({ quotas, resources: () => namespaced, api }), written };
}

describe(ResourceQuotaReconciler.name, () => {
  it('recomputes status.used from the live objects (finished pods count for nothing) and copies spec.hard', async () => {
    const { reconciler, written } = setup({
      pods: [pod('a', '300m'), pod('b', '200m'), pod('done', '1', 'Succeeded')],
    });
    await reconciler.reconcile('a/compute');
    expect(written).toHaveLength(1);
    expect(written[0].metadata.resourceVersion).toBe('7');
    expect(written[0].status).toEqual({
      hard: { pods: '2', 'requests.cpu': '1', 'count/deployments.apps': '1' },
      used: { 'count/deployments.apps': '0', pods: '2', 'requests.cpu': '500m' },
    });
  });

  it('writes nothing when the status is current, and nothing for a quota that is gone', async () => {
    const { reconciler, written } = setup({ pods: [] });
    await reconciler.reconcile('a/other');
    expect(written).toHaveLength(0);
  });
});
