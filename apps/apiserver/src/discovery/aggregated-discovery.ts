/**
 * Aggregated discovery (apidiscovery.k8s.io): one `APIGroupDiscoveryList` for `/api` (the core
 * group, whose name is empty) and one for `/apis`. kubectl (1.26+) asks for it on every command and
 * only trusts the body when the Content-Type names the list, so the HTTP layer must send back the
 * media type `negotiateAggregatedDiscovery` chose.
 */
import { ResourceCatalog, ResourceDefinition } from '@orchestra/api';
import { matchesKind, parseAccept } from './accept-header';
import {
  AggregatedDiscoveryVersion,
  APIGroupDiscovery,
  APIGroupDiscoveryList,
  APIResourceDiscovery,
} from './discovery.types';
import { resourceVerbs, subresourceFacts } from './subresource-facts';

const DISCOVERY_GROUP = 'apidiscovery.k8s.io';
const DISCOVERY_KIND = 'APIGroupDiscoveryList';

export const AGGREGATED_DISCOVERY_V2_MEDIA_TYPE = `application/json;g=${DISCOVERY_GROUP};v=v2;as=${DISCOVERY_KIND}`;
export const AGGREGATED_DISCOVERY_V2BETA1_MEDIA_TYPE = `application/json;g=${DISCOVERY_GROUP};v=v2beta1;as=${DISCOVERY_KIND}`;

export interface AggregatedDiscoveryChoice {
  version: AggregatedDiscoveryVersion;
  /** The Content-Type to answer with. */
  mediaType: string;
}

/**
 * Picks the aggregated-discovery version a client accepts: v2 whenever it is acceptable (kubectl
 * ≥ 1.30 lists it first), else v2beta1 (kubectl 1.26–1.29). Undefined means legacy discovery.
 * Protobuf variants are ignored: we only speak JSON.
 */
export function negotiateAggregatedDiscovery(
  acceptHeader: string | undefined,
): AggregatedDiscoveryChoice | undefined {
  const ranges = parseAccept(acceptHeader);
  for (const version of ['v2', 'v2beta1'] as const) {
    if (ranges.some((r) => matchesKind(r, DISCOVERY_GROUP, version, DISCOVERY_KIND))) {
      const mediaType =
        version === 'v2' ? AGGREGATED_DISCOVERY_V2_MEDIA_TYPE : AGGREGATED_DISCOVERY_V2BETA1_MEDIA_TYPE;
      return { version, mediaType };
    }
  }
  return undefined;
}

export const wantsAggregatedDiscovery = (acceptHeader: string | undefined): boolean =>
  negotiateAggregatedDiscovery(acceptHeader) !== undefined;

/** The body for `GET /api` (`scope: 'core'`) or `GET /apis` (`scope: 'named'`). v2beta1 has the same shape. */
export function aggregatedDiscovery(
  catalog: ResourceCatalog,
  scope: 'core' | 'named',
  version: AggregatedDiscoveryVersion = 'v2',
): APIGroupDiscoveryList {
  const groups = [...new Set(catalog.groupVersions().map((gv) => gv.group))].filter((g) =>
    scope === 'core' ? g === '' : g !== '',
  );
  return {
    kind: DISCOVERY_KIND,
    apiVersion: `${DISCOVERY_GROUP}/${version}`,
    metadata: {},
    items: groups.map((group) => groupDiscovery(catalog, group)),
  };
}

function groupDiscovery(catalog: ResourceCatalog, group: string): APIGroupDiscovery {
  // Versions in catalog order: the first is the preferred one, as clients assume.
  const versions = catalog.groupVersions().filter((gv) => gv.group === group);
  return {
    metadata: { name: group },
    versions: versions.map((gv) => ({
      version: gv.version,
      resources: catalog.inGroupVersion(gv.group, gv.version).map(resourceDiscovery),
      freshness: 'Current',
    })),
  };
}

function resourceDiscovery(def: ResourceDefinition): APIResourceDiscovery {
  return {
    resource: def.plural,
    responseKind: { group: def.group, version: def.version, kind: def.kind },
    scope: def.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: def.singular,
    verbs: resourceVerbs(def),
    ...(def.shortNames.length > 0 && { shortNames: def.shortNames }),
    ...(def.categories.length > 0 && { categories: def.categories }),
    ...(def.subresources.length > 0 && {
      subresources: def.subresources.map((sub) => {
        const { group, version, kind, verbs } = subresourceFacts(def, sub);
        return { subresource: sub, responseKind: { group, version, kind }, verbs };
      }),
    }),
  };
}
