/**
 * kube-apiserver's request metrics, with Kubernetes' names and label names so existing dashboards
 * and PromQL carry over: apiserver_request_total, apiserver_request_duration_seconds and the SLI
 * histogram kubernetes-mixin's apiserver availability and latency rules read.
 */
import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@orchestra/observability';
import { Counter, Histogram, Registry } from 'prom-client';
import type { ResourceRequestInfo } from '../http/request-info';

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
// Kubernetes' buckets for apiserver_request_sli_duration_seconds (the mixin's SLOs cut at 1, 5, 30 s).
const sliBuckets = [0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];
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
  private readonly sliDuration: Histogram<Exclude<(typeof labelNames)[number], 'dry_run'>>;

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
    this.sliDuration = new Histogram({
      name: 'apiserver_request_sli_duration_seconds',
      help: 'Response latency distribution (not counting webhook duration and priority & fairness queue wait times) in seconds for each verb, group, version, resource, subresource, scope and component.',
      labelNames: labelNames.filter((name) => name !== 'dry_run'),
      buckets: sliBuckets,
      registers: [registry],
    });
  }

  record(labels: RequestLabels, dryRun: boolean, code: number, seconds: number): void {
    const all = { ...labels, dry_run: dryRun ? 'All' : '', component: 'apiserver' };
    this.requests.inc({ ...all, code: String(code) });
    // Watches last minutes by design; Kubernetes keeps them out of the latency SLO too.
    if (labels.verb === 'WATCH') return;
    this.duration.observe(all, seconds);
    // Orchestra has no webhooks and no priority & fairness queue: the SLI time is the whole time.
    this.sliDuration.observe({ ...labels, component: 'apiserver' }, seconds);
  }

  /**
   * A request refused before any handler ran (the max-in-flight limit's 429): counted, not timed,
   * as Kubernetes' RecordDroppedRequest.
   */
  recordDropped(labels: RequestLabels, dryRun: boolean, code: number): void {
    this.requests.inc({
      ...labels,
      dry_run: dryRun ? 'All' : '',
      component: 'apiserver',
      code: String(code),
    });
  }
}

/** The labels of a resource request: the verb as Kubernetes reports it, the scope from name and namespace. */
export function requestLabelsOf(resource: ResourceRequestInfo, mediaType: string | undefined): RequestLabels {
  return {
    verb: metricVerb(resource.verb, mediaType),
    group: resource.group,
    version: resource.version,
    resource: resource.resource,
    subresource: resource.subresource ?? '',
    scope: resource.name ? 'resource' : resource.namespace ? 'namespace' : 'cluster',
  };
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
