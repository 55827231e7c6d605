/**
 * kube-apiserver's request metrics, with Kubernetes' names and label names so existing dashboards
 * and PromQL carry over: apiserver_request_total and apiserver_request_duration_seconds.
 */
import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@orchestra/observability';
import { Counter, Histogram, Registry } from 'prom-client';

export interface RequestLabels {
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  scope: string;
}

// Kubernetes' buckets for apiserver_request_duration_seconds.
const durationBuckets = [
  0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
];
const labelNames = [
  'verb',
  'dry_run',
  'group',
  'version',
  'resource',
  'subresource',
  'scope',
  'component',
] as const;

@Injectable()
export class ApiserverMetrics {
  private readonly requests: Counter<(typeof labelNames)[number] | 'code'>;
  private readonly duration: Histogram<(typeof labelNames)[number]>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.requests = new Counter({
      name: 'apiserver_request_total',
      help: 'Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
      labelNames: [...labelNames, 'code'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'apiserver_request_duration_seconds',
      help: 'Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
      labelNames: [...labelNames],
      buckets: durationBuckets,
      registers: [registry],
    });
  }

  record(labels: RequestLabels, dryRun: boolean, code: number, seconds: number): void {
    const all = { ...labels, dry_run: dryRun ? 'All' : '', component: 'apiserver' };
    this.requests.inc({ ...all, code: String(code) });
    // Watches last minutes by design; Kubernetes keeps them out of the latency SLO too.
    if (labels.verb !== 'WATCH') this.duration.observe(all, seconds);
  }
}

/** Kubernetes reports verbs upper-case, LIST and WATCH apart from GET, APPLY apart from PATCH. */
export function metricVerb(verb: string, mediaType: string | undefined): string {
  if (verb === 'patch' && mediaType === 'application/apply-patch+yaml') return 'APPLY';
  const map: Record<string, string> = {
    get: 'GET',
    list: 'LIST',
    watch: 'WATCH',
    create: 'POST',
    update: 'PUT',
    patch: 'PATCH',
    delete: 'DELETE',
    deletecollection: 'DELETE',
  };
  return map[verb] ?? verb.toUpperCase();
}
