/**
 * CoreDNS' own metric names and labels (plugin/metrics/vars), so CoreDNS dashboards and alerts
 * (e.g. the coredns mixin's CoreDNSErrorsHigh on `rcode="SERVFAIL"`) read this server unchanged.
 * There is no cache plugin here (answers come straight from the informer caches), hence no
 * coredns_cache_* series.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The record types CoreDNS counts by name; anything else is `other`. */
const COUNTED_TYPES = new Set([
  'A',
  'AAAA',
  'MX',
  'SOA',
  'CNAME',
  'PTR',
  'TXT',
  'NS',
  'SRV',
  'DS',
  'DNSKEY',
  'RRSIG',
  'NSEC',
  'NSEC3',
  'HINFO',
  'NAPTR',
  'IXFR',
  'AXFR',
  'ANY',
  'CAA',
  'HTTPS',
  'SVCB',
]);

export function typeLabel(type: string | undefined): string {
  return type && COUNTED_TYPES.has(type) ? type : 'other';
}

export class ClusterDnsMetrics {
  readonly requests: Counter<'server' | 'zone' | 'proto' | 'family' | 'type'>;
  readonly responses: Counter<'server' | 'zone' | 'rcode' | 'plugin'>;
  readonly requestDuration: Histogram<'server' | 'zone' | 'type'>;
  readonly responseSize: Histogram<'server' | 'zone' | 'proto'>;
  readonly buildInfo: Gauge<'version' | 'revision' | 'goversion'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.requests = new Counter({
      name: 'coredns_dns_requests_total',
      help: 'Counter of DNS requests made per zone, protocol and family.',
      labelNames: ['server', 'zone', 'proto', 'family', 'type'],
      registers,
    });
    this.responses = new Counter({
      name: 'coredns_dns_responses_total',
      help: 'Counter of response status codes.',
      labelNames: ['server', 'zone', 'rcode', 'plugin'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'coredns_dns_request_duration_seconds',
      help: 'Histogram of the time (in seconds) each request took.',
      labelNames: ['server', 'zone', 'type'],
      // CoreDNS': prometheus.ExponentialBuckets(0.00025, 2, 16).
      buckets: Array.from({ length: 16 }, (_, i) => 0.00025 * 2 ** i),
      registers,
    });
    this.responseSize = new Histogram({
      name: 'coredns_dns_response_size_bytes',
      help: 'Size of the returned response in bytes.',
      labelNames: ['server', 'zone', 'proto'],
      buckets: [0, 100, 200, 300, 400, 511, 1023, 2047, 4095, 8291, 16e3, 32e3, 48e3, 64e3],
      registers,
    });
    this.buildInfo = new Gauge({
      name: 'coredns_build_info',
      help: 'A metric with a constant 1 value labeled by version, revision, and goversion from which CoreDNS was built.',
      labelNames: ['version', 'revision', 'goversion'],
      registers,
    });
    this.buildInfo.set({ version: 'orchestra', revision: '', goversion: process.version }, 1);
  }
}
