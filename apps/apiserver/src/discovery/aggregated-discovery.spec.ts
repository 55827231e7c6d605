import { ResourceCatalog } from '@orchestra/api';
import {
  AGGREGATED_DISCOVERY_V2_MEDIA_TYPE,
  AGGREGATED_DISCOVERY_V2BETA1_MEDIA_TYPE,
  aggregatedDiscovery,
  negotiateAggregatedDiscovery,
  wantsAggregatedDiscovery,
} from './aggregated-discovery';

// What kubectl 1.32 and 1.27 send on GET /api and /apis.
const KUBECTL_132 =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const KUBECTL_127 =
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('negotiateAggregatedDiscovery', () => {
  it('answers v2 when the client lists it', () => {
    expect(negotiateAggregatedDiscovery(KUBECTL_132)).toEqual({
      version: 'v2',
      mediaType: AGGREGATED_DISCOVERY_V2_MEDIA_TYPE,
    });
    expect(AGGREGATED_DISCOVERY_V2_MEDIA_TYPE).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
  });

  it('answers v2beta1 to a client that only knows v2beta1', () => {
    expect(negotiateAggregatedDiscovery(KUBECTL_127)).toEqual({
      version: 'v2beta1',
      mediaType: AGGREGATED_DISCOVERY_V2BETA1_MEDIA_TYPE,
    });
  });

  it('falls back to legacy discovery for plain JSON, protobuf-only or q=0', () => {
    expect(wantsAggregatedDiscovery('application/json')).toBe(false);
    expect(wantsAggregatedDiscovery(undefined)).toBe(false);
    expect(
      wantsAggregatedDiscovery(
        'application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      ),
    ).toBe(false);
    expect(
      wantsAggregatedDiscovery('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0'),
    ).toBe(false);
    expect(wantsAggregatedDiscovery(KUBECTL_132)).toBe(true);
  });
});

describe('aggregatedDiscovery', () => {
  const catalog = new ResourceCatalog();

  it('serves the core group under /api with an empty name', () => {
    const list = aggregatedDiscovery(catalog, 'core');
    expect(list.kind).toBe('APIGroupDiscoveryList');
    expect(list.apiVersion).toBe('apidiscovery.k8s.io/v2');
    expect(list.items).toHaveLength(1);
    expect(list.items[0]!.metadata.name).toBe('');
    const v1 = list.items[0]!.versions[0]!;
    expect(v1.version).toBe('v1');
    expect(v1.freshness).toBe('Current');
    const pods = v1.resources.find((r) => r.resource === 'pods')!;
    expect(pods).toMatchObject({
      responseKind: { group: '', version: 'v1', kind: 'Pod' },
      scope: 'Namespaced',
      singularResource: 'pod',
      shortNames: ['po'],
      categories: ['all'],
    });
    expect(pods.subresources).toContainEqual({
      subresource: 'binding',
      responseKind: { group: '', version: 'v1', kind: 'Binding' },
      verbs: ['create'],
    });
    expect(pods.subresources).toContainEqual({
      subresource: 'log',
      responseKind: { group: '', version: 'v1', kind: 'Pod' },
      verbs: ['get'],
    });
    expect(v1.resources.find((r) => r.resource === 'nodes')?.scope).toBe('Cluster');
  });

  it('serves named groups under /apis, with deployments/scale answering autoscaling/v1 Scale', () => {
    const list = aggregatedDiscovery(catalog, 'named');
    expect(list.items.map((i) => i.metadata.name)).toEqual([
      'apps',
      'batch',
      'autoscaling',
      'coordination.k8s.io',
      'rbac.authorization.k8s.io',
      'chaos.orchestra.dev',
      'authorization.k8s.io',
      'authentication.k8s.io',
    ]);
    const deployments = list.items[0]!.versions[0]!.resources.find((r) => r.resource === 'deployments')!;
    expect(deployments.subresources).toContainEqual({
      subresource: 'scale',
      responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      verbs: ['get', 'patch', 'update'],
    });
    expect(deployments.subresources).toContainEqual({
      subresource: 'status',
      responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      verbs: ['get', 'patch', 'update'],
    });
  });

  it('labels the v2beta1 answer with its own apiVersion', () => {
    expect(aggregatedDiscovery(catalog, 'named', 'v2beta1').apiVersion).toBe('apidiscovery.k8s.io/v2beta1');
  });

  it('omits empty shortNames, categories and subresources like Kubernetes does', () => {
    const leases = aggregatedDiscovery(catalog, 'named').items.find(
      (i) => i.metadata.name === 'coordination.k8s.io',
    )!.versions[0]!.resources[0]!;
    expect(leases.resource).toBe('leases');
    expect(leases).not.toHaveProperty('shortNames');
    expect(leases).not.toHaveProperty('categories');
    expect(leases).not.toHaveProperty('subresources');
  });
});
