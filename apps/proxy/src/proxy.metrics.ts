/**
 * The proxy's metrics: kube-proxy's own names for rule syncs, Orchestra's for the traffic it
 * routes (per Service and backend pod), so chaos shows up as error rates and latency.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { SkipReason } from './routing/service-route';

export const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Why a request to an upstream failed. */
export const UPSTREAM_ERROR_REASONS = ['connection-refused', 'connection-reset', 'timeout', 'other'] as const;
export type UpstreamErrorReason = (typeof UPSTREAM_ERROR_REASONS)[number];

export class ProxyMetrics {
  readonly syncDuration: Histogram;
  readonly syncLastTimestamp: Gauge;
  readonly serviceChanges: Counter;
  readonly endpointChanges: Counter;
  readonly skippedEndpoints: Gauge<'namespace' | 'service' | 'reason'>;
  readonly requests: Counter<'namespace' | 'service' | 'pod' | 'code'>;
  readonly requestDuration: Histogram<'namespace' | 'service'>;
  readonly upstreamErrors: Counter<'namespace' | 'service' | 'reason'>;
  readonly chaosFaults: Counter<'namespace' | 'service'>;
  private readonly routedServices = new Set<string>();

  constructor(registry: Registry) {
    const registers = [registry];
    this.syncDuration = new Histogram({
      name: 'kubeproxy_sync_proxy_rules_duration_seconds',
      help: 'SyncProxyRules latency in seconds: one incremental rebuild of the routing table',
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1],
      registers,
    });
    this.syncLastTimestamp = new Gauge({
      name: 'kubeproxy_sync_proxy_rules_last_timestamp_seconds',
      help: 'The last time the routing table was successfully synced (Unix seconds)',
      registers,
    });
    this.serviceChanges = new Counter({
      name: 'kubeproxy_sync_proxy_rules_service_changes_total',
      help: 'Cumulative Service changes seen by the proxy',
      registers,
    });
    this.endpointChanges = new Counter({
      name: 'kubeproxy_sync_proxy_rules_endpoint_changes_total',
      help: 'Cumulative Endpoints changes seen by the proxy',
      registers,
    });
    this.skippedEndpoints = new Gauge({
      name: 'orchestra_proxy_skipped_endpoints',
      help: 'Ready endpoint addresses that get no traffic: their Node is unknown or has no kubelet endpoint',
      labelNames: ['namespace', 'service', 'reason'],
      registers,
    });
    this.requests = new Counter({
      name: 'orchestra_proxy_requests_total',
      help: 'Requests routed to a Service, by backend pod and HTTP status the client got',
      labelNames: ['namespace', 'service', 'pod', 'code'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'orchestra_proxy_request_duration_seconds',
      help: 'Time from the request arriving to the response headers being sent, per Service',
      labelNames: ['namespace', 'service'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.chaosFaults = new Counter({
      name: 'orchestra_proxy_chaos_faults_total',
      help: 'Requests the proxy answered with an error because an http-fault chaos experiment was in force',
      labelNames: ['namespace', 'service'],
      registers,
    });
    this.upstreamErrors = new Counter({
      name: 'orchestra_proxy_upstream_errors_total',
      help: 'Failed attempts to reach a backend through its kubelet, by reason',
      labelNames: ['namespace', 'service', 'reason'],
      registers,
    });
  }

  /**
   * Starts a Service's error counters at 0 on its first request, so that its error rate reads 0
   * rather than "no data" until the first failure (Prometheus' advice for known label values).
   */
  serviceRouted(namespace: string, service: string): void {
    const key = `${namespace}/${service}`;
    if (this.routedServices.has(key)) return;
    this.routedServices.add(key);
    for (const reason of UPSTREAM_ERROR_REASONS) this.upstreamErrors.inc({ namespace, service, reason }, 0);
  }

  setSkipped(namespace: string, service: string, skipped: Record<SkipReason, number> | undefined): void {
    for (const reason of ['node-unknown', 'no-kubelet-endpoint'] as const) {
      const count = skipped?.[reason] ?? 0;
      if (count > 0) this.skippedEndpoints.set({ namespace, service, reason }, count);
      else this.skippedEndpoints.remove({ namespace, service, reason });
    }
  }
}
