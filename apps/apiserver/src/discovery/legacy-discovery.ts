/**
 * Legacy (unaggregated) discovery: `/api`, `/apis`, `/apis/<group>`, `/api/v1`, `/apis/<g>/<v>`.
 * kubectl uses the aggregated form; @kubernetes/client-node's KubernetesObjectApi reads these.
 * Everything comes from the ResourceCatalog, so a new resource or group (say
 * `chaos.orchestra.dev`) appears here without changes.
 */
import { apiVersionOf, ResourceCatalog, ResourceDefinition } from '@orchestra/api';
import { APIGroup, APIGroupList, APIResource, APIResourceList, APIVersions } from './discovery.types';
import { storageVersionHash } from './storage-version-hash';
import { resourceVerbs, subresourceFacts } from './subresource-facts';

/** `GET /api`. `serverAddress` is the `host:port` clients should use. */
export const apiVersions = (catalog: ResourceCatalog, serverAddress: string): APIVersions => ({
  kind: 'APIVersions',
  versions: catalog
    .groupVersions()
    .filter((gv) => gv.group === '')
    .map((gv) => gv.version),
  serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
});

/** `GET /apis`: every named group (the core group lives under `/api`). */
export const apiGroupList = (catalog: ResourceCatalog): APIGroupList => ({
  kind: 'APIGroupList',
  apiVersion: 'v1',
  groups: namedGroups(catalog).map((name) => groupOf(catalog, name)),
});

/** `GET /apis/<group>`, or undefined when the group is not served. */
export function apiGroup(catalog: ResourceCatalog, group: string): APIGroup | undefined {
  if (!group || !namedGroups(catalog).includes(group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupOf(catalog, group) };
}

/** `GET /api/v1` or `GET /apis/<g>/<v>`, or undefined when that group/version is not served. */
export function apiResourceList(
  catalog: ResourceCatalog,
  group: string,
  version: string,
): APIResourceList | undefined {
  const defs = catalog.inGroupVersion(group, version);
  if (defs.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources: defs.flatMap((def) => [resourceEntry(def), ...subresourceEntries(def)]),
  };
}

function namedGroups(catalog: ResourceCatalog): string[] {
  return [...new Set(catalog.groupVersions().map((gv) => gv.group))].filter((g) => g !== '');
}

function groupOf(catalog: ResourceCatalog, name: string): APIGroup {
  const versions = catalog
    .groupVersions()
    .filter((gv) => gv.group === name)
    .map((gv) => ({ groupVersion: apiVersionOf(gv), version: gv.version }));
  // The first version the catalog lists is the preferred one.
  return { name, versions, preferredVersion: versions[0]! };
}

function resourceEntry(def: ResourceDefinition): APIResource {
  return {
    name: def.plural,
    singularName: def.singular,
    namespaced: def.namespaced,
    kind: def.kind,
    verbs: resourceVerbs(def),
    ...(def.shortNames.length > 0 && { shortNames: def.shortNames }),
    ...(def.categories.length > 0 && { categories: def.categories }),
    storageVersionHash: storageVersionHash(def),
  };
}

function subresourceEntries(def: ResourceDefinition): APIResource[] {
  return def.subresources.map((sub) => {
    const facts = subresourceFacts(def, sub);
    // group/version are only spelled out when they differ from the parent's (deployments/scale).
    const foreign = facts.group !== def.group || facts.version !== def.version;
    return {
      name: `${def.plural}/${sub}`,
      singularName: '',
      namespaced: def.namespaced,
      ...(foreign && { group: facts.group, version: facts.version }),
      kind: facts.kind,
      verbs: facts.verbs,
    };
  });
}
