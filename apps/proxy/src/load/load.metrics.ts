/** What the load generator sent and what came back, per target Service. */
import { Counter, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS } from '../proxy.metrics';

export class LoadMetrics {
  readonly requests: Counter<'target' | 'code'>;
  readonly duration: Histogram<'target'>;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'orchestra_load_requests_total',
      help: 'Requests the load generator sent, by target Service and outcome (HTTP status, timeout or error)',
      labelNames: ['target', 'code'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'orchestra_load_request_duration_seconds',
      help: 'Time until the whole response came back, per target Service',
      labelNames: ['target'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
  }
}
