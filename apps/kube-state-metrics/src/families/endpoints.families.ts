/**
 * kube-state-metrics' Endpoints families (internal/store/endpoint.go,
 * docs/metrics/service/endpoint-metrics.md). Every series starts with `namespace` and `endpoint`.
 */
import { builtinResources, type Endpoints, type ResourceDefinition } from '@orchestra/api';
import { gauge, type MetricFamily } from '../exposition/metric-family';
import type { ResourceMetrics } from '../exposition/resource-metrics';
import { emitCreated } from './object-metadata';

export const endpointsFamilies: readonly MetricFamily<Endpoints>[] = [
  gauge('kube_endpoint_info', 'Information about endpoint.', (_endpoints, emit) => emit(1)),
  gauge('kube_endpoint_created', 'Unix creation timestamp', (e, emit) => emitCreated(emit, e.metadata)),
  gauge(
    'kube_endpoint_address',
    'Information about Endpoint available and non available addresses.',
    (e, emit) => {
      // An address listed in several subsets (one per port set) is one series, not a duplicate.
      const seen = new Set<string>();
      for (const subset of e.subsets ?? []) {
        for (const [addresses, ready] of [
          [subset.addresses, 'true'],
          [subset.notReadyAddresses, 'false'],
        ] as const) {
          for (const { ip } of addresses ?? []) {
            if (seen.has(ready + ip)) continue;
            seen.add(ready + ip);
            emit(1, { ip, ready });
          }
        }
      }
    },
  ),
  gauge('kube_endpoint_ports', 'Information about the Endpoint ports.', (e, emit) => {
    const seen = new Set<string>();
    for (const subset of e.subsets ?? []) {
      for (const port of subset.ports ?? []) {
        const labels = {
          port_name: port.name ?? '',
          port_protocol: port.protocol ?? 'TCP',
          port_number: String(port.port),
        };
        const key = `${labels.port_name}/${labels.port_protocol}/${labels.port_number}`;
        if (seen.has(key)) continue;
        seen.add(key);
        emit(1, labels);
      }
    }
  }),
];

export const endpointsMetrics: ResourceMetrics<Endpoints> = {
  resource: builtinResources.find((d) => d.kind === 'Endpoints') as ResourceDefinition,
  ownLabels: (e) => ({ namespace: e.metadata.namespace ?? '', endpoint: e.metadata.name ?? '' }),
  families: endpointsFamilies,
};
