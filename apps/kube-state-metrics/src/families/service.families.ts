/**
 * kube-state-metrics' Service families (internal/store/service.go,
 * docs/metrics/service/service-metrics.md). Every series starts with `namespace`, `service` and
 * `uid`.
 */
import { builtinResources, type ResourceDefinition, type Service } from '@orchestra/api';
import { gauge, type MetricFamily } from '../exposition/metric-family';
import type { ResourceMetrics } from '../exposition/resource-metrics';
import { emitCreated } from './object-metadata';

/** ServiceSpec fields Orchestra stores but does not model. */
interface ServiceSpecExtras {
  loadBalancerIP?: string;
}

export const serviceFamilies: readonly MetricFamily<Service>[] = [
  gauge('kube_service_info', 'Information about service.', (svc, emit) =>
    emit(1, {
      cluster_ip: svc.spec.clusterIP ?? '',
      external_name: svc.spec.externalName ?? '',
      external_traffic_policy: svc.spec.externalTrafficPolicy ?? '',
      load_balancer_ip: (svc.spec as ServiceSpecExtras).loadBalancerIP ?? '',
    }),
  ),
  gauge('kube_service_created', 'Unix creation timestamp', (svc, emit) => emitCreated(emit, svc.metadata)),
  gauge('kube_service_spec_type', 'Type about service.', (svc, emit) =>
    emit(1, { type: svc.spec.type ?? 'ClusterIP' }),
  ),
  gauge('kube_service_status_load_balancer_ingress', 'Service load balancer ingress status', (svc, emit) => {
    for (const ingress of svc.status?.loadBalancer?.ingress ?? [])
      emit(1, { ip: ingress.ip ?? '', hostname: ingress.hostname ?? '' });
  }),
];

export const serviceMetrics: ResourceMetrics<Service> = {
  resource: builtinResources.find((d) => d.kind === 'Service') as ResourceDefinition,
  ownLabels: (svc) => ({
    namespace: svc.metadata.namespace ?? '',
    service: svc.metadata.name ?? '',
    uid: svc.metadata.uid ?? '',
  }),
  families: serviceFamilies,
};
