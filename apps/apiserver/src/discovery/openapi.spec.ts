import { builtinResources, ResourceCatalog } from '@orchestra/api';
import { openApiGroupVersion, openApiIndex } from './openapi';
import { OpenApiOperation } from './openapi.types';

const catalog = new ResourceCatalog();

const patchOps = (group: string, version: string): [string, OpenApiOperation][] =>
  Object.entries(openApiGroupVersion(catalog, group, version)!.document.paths).flatMap(([path, item]) =>
    item.patch ? [[path, item.patch] as [string, OpenApiOperation]] : [],
  );

describe('openApiIndex', () => {
  it('lists every served group/version with a content-hashed URL', () => {
    const index = openApiIndex(catalog);
    expect(Object.keys(index.paths).sort()).toEqual([
      'api/v1',
      'apis/apps/v1',
      'apis/authentication.k8s.io/v1',
      'apis/authorization.k8s.io/v1',
      'apis/autoscaling/v2',
      'apis/batch/v1',
      'apis/chaos.orchestra.dev/v1alpha1',
      'apis/coordination.k8s.io/v1',
      'apis/rbac.authorization.k8s.io/v1',
    ]);
    const apps = openApiGroupVersion(catalog, 'apps', 'v1')!;
    expect(apps.hash).toMatch(/^[0-9A-F]{128}$/);
    expect(index.paths['apis/apps/v1']).toEqual({
      serverRelativeURL: `/openapi/v3/apis/apps/v1?hash=${apps.hash}`,
    });
  });

  it('changes the hash when the document changes, and only then', () => {
    const before = openApiGroupVersion(catalog, 'apps', 'v1')!.hash;
    expect(openApiGroupVersion(new ResourceCatalog(), 'apps', 'v1')!.hash).toBe(before);
    const withoutScale = builtinResources.map((d) =>
      d.kind === 'Deployment' ? { ...d, subresources: ['status' as const] } : d,
    );
    expect(openApiGroupVersion(new ResourceCatalog(withoutScale), 'apps', 'v1')!.hash).not.toBe(before);
  });

  it('hashes exactly the bytes it serves', () => {
    const doc = openApiGroupVersion(catalog, '', 'v1')!;
    expect(JSON.parse(doc.json)).toEqual(doc.document);
  });
});

describe('openApiGroupVersion', () => {
  it('returns undefined for a group/version that is not served', () => {
    expect(openApiGroupVersion(catalog, 'policy', 'v1')).toBeUndefined();
  });

  it.each([
    ['', 'v1'],
    ['apps', 'v1'],
    ['coordination.k8s.io', 'v1'],
  ])(
    'gives every PATCH in %s/%s the GVK extension and an inline fieldValidation parameter',
    (group, version) => {
      const ops = patchOps(group, version);
      expect(ops.length).toBeGreaterThan(0);
      for (const [, op] of ops) {
        expect(op['x-kubernetes-action']).toBe('patch');
        expect(op['x-kubernetes-group-version-kind']).toEqual({
          group: expect.any(String),
          version: expect.any(String),
          kind: expect.any(String),
        });
        const names = (op.parameters ?? []).map((p) => p.name);
        expect(names).toEqual(expect.arrayContaining(['fieldValidation', 'fieldManager', 'dryRun', 'force']));
        expect(op.requestBody?.content).not.toHaveProperty(['application/strategic-merge-patch+json']);
      }
    },
  );

  it('has collection and item paths for a namespaced kind, as Kubernetes names them', () => {
    const { paths } = openApiGroupVersion(catalog, 'apps', 'v1')!.document;
    const item = paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']!;
    expect(Object.keys(item).sort()).toEqual(['delete', 'get', 'parameters', 'patch', 'put']);
    expect(item.patch!['x-kubernetes-group-version-kind']).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
    });
    expect(item.patch!.operationId).toBe('patchAppsV1NamespacedDeployment');
    const collection = paths['/apis/apps/v1/namespaces/{namespace}/deployments']!;
    expect(collection.post!['x-kubernetes-action']).toBe('post');
    expect(collection.delete!['x-kubernetes-action']).toBe('deletecollection');
    expect(paths['/apis/apps/v1/deployments']!.get!.operationId).toBe('listAppsV1DeploymentForAllNamespaces');
    expect(
      paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale']!.patch![
        'x-kubernetes-group-version-kind'
      ],
    ).toEqual({
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
    });
    const core = openApiGroupVersion(catalog, '', 'v1')!.document.paths;
    expect(core['/api/v1/nodes/{name}']!.patch!.operationId).toBe('patchCoreV1Node');
    expect(core['/api/v1/namespaces/{namespace}/pods/{name}/log']!.get!.operationId).toBe(
      'readCoreV1NamespacedPodLog',
    );
  });

  it('names schemas like Kubernetes and tags them with their GVK', () => {
    const { schemas } = openApiGroupVersion(catalog, '', 'v1')!.document.components;
    expect(schemas['io.k8s.api.core.v1.Pod']).toMatchObject({
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Pod' }],
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: {
          allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }],
        },
        spec: { type: 'object' },
        status: { type: 'object' },
      },
    });
    expect(schemas['io.k8s.api.core.v1.PodList']).toBeDefined();
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).toBeDefined();
    const apps = openApiGroupVersion(catalog, 'apps', 'v1')!.document.components.schemas;
    expect(apps['io.k8s.api.apps.v1.Deployment']).toBeDefined();
    expect(apps['io.k8s.api.autoscaling.v1.Scale']).toMatchObject({
      'x-kubernetes-group-version-kind': [{ group: 'autoscaling', version: 'v1', kind: 'Scale' }],
    });
    expect(
      openApiGroupVersion(catalog, 'coordination.k8s.io', 'v1')!.document.components.schemas,
    ).toHaveProperty(['io.k8s.api.coordination.v1.Lease']);
  });

  it('resolves every $ref inside the document', () => {
    for (const { group, version } of catalog.groupVersions()) {
      const doc = openApiGroupVersion(catalog, group, version)!;
      const refs = [...doc.json.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
      for (const name of refs) expect(doc.document.components.schemas).toHaveProperty([name]);
    }
  });
});
