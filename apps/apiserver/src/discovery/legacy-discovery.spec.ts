import { builtinResources, ResourceCatalog, ResourceDefinition } from '@orchestra/api';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from './legacy-discovery';

describe('legacy discovery', () => {
  const catalog = new ResourceCatalog();

  it('answers /api with v1 and the server address', () => {
    expect(apiVersions(catalog, '10.0.0.1:6443')).toEqual({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.1:6443' }],
    });
  });

  it('answers /apis with the named groups only', () => {
    const list = apiGroupList(catalog);
    expect(list.groups.map((g) => g.name)).toEqual([
      'apps',
      'batch',
      'autoscaling',
      'coordination.k8s.io',
      'rbac.authorization.k8s.io',
      'chaos.orchestra.dev',
      'authorization.k8s.io',
      'authentication.k8s.io',
    ]);
    expect(list.groups[0]).toEqual({
      name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
    expect(apiGroup(catalog, 'apps')?.kind).toBe('APIGroup');
    expect(apiGroup(catalog, 'nope')).toBeUndefined();
    expect(apiGroup(catalog, '')).toBeUndefined();
  });

  it('lists core resources with their subresources as separate entries', () => {
    const list = apiResourceList(catalog, '', 'v1')!;
    expect(list.groupVersion).toBe('v1');
    const byName = new Map(list.resources.map((r) => [r.name, r]));
    expect(byName.get('pods')).toMatchObject({
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      shortNames: ['po'],
      categories: ['all'],
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    });
    expect(byName.get('pods')?.storageVersionHash).toMatch(/^[A-Za-z0-9+/]{11}=$/);
    expect(byName.get('pods/binding')).toEqual({
      name: 'pods/binding',
      singularName: '',
      namespaced: true,
      kind: 'Binding',
      verbs: ['create'],
    });
    expect(byName.get('pods/log')).toMatchObject({ kind: 'Pod', verbs: ['get'] });
    expect(byName.get('pods/status')).toMatchObject({ kind: 'Pod', verbs: ['get', 'patch', 'update'] });
    expect(byName.get('nodes')?.namespaced).toBe(false);
    expect(byName.get('configmaps')).not.toHaveProperty('categories');
  });

  it('names the Scale kind of deployments/scale with its own group and version', () => {
    const scale = apiResourceList(catalog, 'apps', 'v1')!.resources.find(
      (r) => r.name === 'deployments/scale',
    );
    expect(scale).toEqual({
      name: 'deployments/scale',
      singularName: '',
      namespaced: true,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
  });

  it('returns undefined for a group/version that is not served', () => {
    expect(apiResourceList(catalog, 'apps', 'v2')).toBeUndefined();
  });

  it('picks up a new group from the catalog without code changes', () => {
    const experiment: ResourceDefinition = {
      ...builtinResources.find((d) => d.kind === 'Lease')!,
      group: 'widgets.example.com',
      version: 'v1alpha1',
      kind: 'Experiment',
      listKind: 'ExperimentList',
      plural: 'experiments',
      singular: 'experiment',
    };
    const extended = new ResourceCatalog([...builtinResources, experiment]);
    expect(apiGroupList(extended).groups.map((g) => g.name)).toContain('widgets.example.com');
    expect(apiResourceList(extended, 'widgets.example.com', 'v1alpha1')?.resources[0]?.kind).toBe(
      'Experiment',
    );
  });
});
