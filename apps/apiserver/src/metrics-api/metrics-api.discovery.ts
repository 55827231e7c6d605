/**
 * Discovery for metrics.k8s.io/v1beta1. Its resources are computed from kubelets, never stored,
 * so they are not ResourceDefinitions (the catalog feeds the store, the generic REST handler,
 * watch and OpenAPI, none of which apply): the group joins discovery the way Kubernetes' aggregator
 * adds an APIService's group, as an external group beside the catalog's (`EXTERNAL_API_GROUPS`).
 * kubectl top only proceeds when discovery lists the group with v1beta1.
 */
import type { ExternalApiGroup } from '../discovery/discovery.types';
import { METRICS_API_VERSION, METRICS_GROUP, METRICS_VERSION } from './metrics-api.types';

const verbs = ['get', 'list'];
const groupVersion = { groupVersion: METRICS_API_VERSION, version: METRICS_VERSION };
const resources = [
  { plural: 'nodes', singular: 'node', kind: 'NodeMetrics', namespaced: false },
  { plural: 'pods', singular: 'pod', kind: 'PodMetrics', namespaced: true },
];

export const metricsApiGroup: ExternalApiGroup = {
  group: { name: METRICS_GROUP, versions: [groupVersion], preferredVersion: groupVersion },
  discovery: {
    metadata: { name: METRICS_GROUP },
    versions: [
      {
        version: METRICS_VERSION,
        resources: resources.map((r) => ({
          resource: r.plural,
          responseKind: { group: METRICS_GROUP, version: METRICS_VERSION, kind: r.kind },
          scope: r.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: r.singular,
          verbs,
        })),
        freshness: 'Current',
      },
    ],
  },
  resourceList: {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: METRICS_API_VERSION,
    resources: resources.map((r) => ({
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs,
    })),
  },
};
