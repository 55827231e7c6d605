/**
 * client-go's REST client metrics (k8s.io/client-go/tools/metrics): one series per attempt, so
 * retries and throttling show up. Shared when several clients register on one registry.
 */
import { Counter, Histogram, Registry } from 'prom-client';

export class ClientMetrics {
  readonly requests: Counter<'code' | 'host' | 'method'>;
  readonly duration: Histogram<'verb' | 'host'>;

  constructor(registry?: Registry) {
    const registers = registry ? [registry] : [];
    this.requests =
      (registry?.getSingleMetric('rest_client_requests_total') as ClientMetrics['requests']) ??
      new Counter({
        name: 'rest_client_requests_total',
        help: 'Number of HTTP requests, partitioned by status code, method, and host.',
        labelNames: ['code', 'host', 'method'],
        registers,
      });
    this.duration =
      (registry?.getSingleMetric('rest_client_request_duration_seconds') as ClientMetrics['duration']) ??
      new Histogram({
        name: 'rest_client_request_duration_seconds',
        help: 'Request latency in seconds. Broken down by verb, and host.',
        labelNames: ['verb', 'host'],
        buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
        registers,
      });
  }
}
