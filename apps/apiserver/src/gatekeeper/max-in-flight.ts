/**
 * kube-apiserver's --max-requests-inflight and --max-mutating-requests-inflight (the MaxInFlight
 * filter, k8s.io/apiserver/pkg/server/filters/maxinflight.go): at most N read-only (GET, HEAD)
 * and M mutating requests are served at once; beyond, 429 TooManyRequests with `Retry-After: 1`
 * and Kubernetes' message. Watches, followed log streams and the health probes are not counted.
 * A slot is held until the response closes, whether it finished or the client went away.
 *
 * Kubernetes lets members of system:masters through even when full; Orchestra exempts nobody
 * unless `exemptGroups` says so.
 */
import { ApiError } from '@orchestra/api';
import { METRICS_REGISTRY } from '@orchestra/observability';
import type { Request, Response } from 'express';
import { Counter, Gauge, Registry } from 'prom-client';
import { ApiserverConfig } from '../apiserver.config';
import { UserInfo } from '../authentication/user-info';
import type { ResourceRequestInfo } from '../http/request-info';
import { ApiserverMetrics, requestLabelsOf } from '../metrics/apiserver.metrics';
import { parsedRequest, RequestKind, requestKindOf } from './request-kind';

/** Kubernetes' words and its fixed Retry-After for the max-in-flight 429. */
export const tooManyRequestsMessage = 'Too many requests, please try again later.';
export const maxInFlightRetryAfterSeconds = 1;

export interface MaxInFlightLimits {
  readOnly: number;
  mutating: number;
  /** Users in one of these groups are served even when the limit is reached (none by default). */
  exemptGroups?: string[];
}

/** The limiter's own metrics, with kube-apiserver's names. */
export class MaxInFlightMetrics {
  private readonly inflight: Gauge<'request_kind'>;
  private readonly dropped: Counter<'request_kind'>;

  constructor(registry: Registry) {
    this.inflight = new Gauge({
      name: 'apiserver_current_inflight_requests',
      help: 'Maximal number of currently used inflight request limit of this apiserver per request kind in last second.',
      labelNames: ['request_kind'],
      registers: [registry],
    });
    this.dropped = new Counter({
      name: 'apiserver_dropped_requests_total',
      help: 'Number of requests dropped with a "Try again later" response.',
      labelNames: ['request_kind'],
      registers: [registry],
    });
    for (const kind of ['readOnly', 'mutating']) {
      this.inflight.set({ request_kind: kind }, 0);
      this.dropped.inc({ request_kind: kind }, 0);
    }
  }

  current(kind: RequestKind, value: number): void {
    this.inflight.set({ request_kind: kind }, value);
  }

  drop(kind: RequestKind): void {
    this.dropped.inc({ request_kind: kind });
  }
}

export class MaxInFlightLimiter {
  private readonly inUse: Record<RequestKind, number> = { readOnly: 0, mutating: 0 };
  private readonly limits: Record<RequestKind, number>;
  private readonly exemptGroups: string[];
  private readonly refusal: ApiError;

  constructor(
    limits: MaxInFlightLimits,
    private readonly metrics: MaxInFlightMetrics,
    /** Counts the 429s in apiserver_request_total, as Kubernetes does. */
    private readonly requestMetrics?: Pick<ApiserverMetrics, 'recordDropped'>,
  ) {
    this.limits = { readOnly: limits.readOnly, mutating: limits.mutating };
    // Built once: an Error's stack trace is not free, and a flood makes thousands of these.
    this.refusal = ApiError.tooManyRequests(tooManyRequestsMessage, maxInFlightRetryAfterSeconds);
    this.exemptGroups = limits.exemptGroups ?? [];
  }

  /**
   * Takes a slot for the request until its response closes, or throws the 429 (`sendError`
   * answers it with Retry-After). Not counted: long-running requests, health probes, exempt users.
   */
  acquire(req: Request, res: Response, user?: UserInfo): void {
    const { url, resource, healthProbe, longRunning } = parsedRequest(req);
    if (healthProbe || longRunning) return;
    const kind = requestKindOf(req.method);
    if (this.inUse[kind] >= this.limits[kind]) {
      if (user?.groups.some((group) => this.exemptGroups.includes(group))) return;
      this.metrics.drop(kind);
      if (resource) this.recordDropped(resource, url, req.headers['content-type']);
      throw this.refusal;
    }
    this.inUse[kind] += 1;
    this.metrics.current(kind, this.inUse[kind]);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.inUse[kind] -= 1;
      this.metrics.current(kind, this.inUse[kind]);
    };
    // 'close' comes once the response is done or the connection is gone, whichever is first.
    res.once('close', release);
    if (res.closed) release();
  }

  /** Slots in use now, per kind (for tests and the bench's readings). */
  inFlight(): Readonly<Record<RequestKind, number>> {
    return { ...this.inUse };
  }

  private recordDropped(resource: ResourceRequestInfo, url: URL, contentType: string | undefined): void {
    if (!this.requestMetrics) return;
    const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
    this.requestMetrics.recordDropped(
      requestLabelsOf(resource, mediaType),
      url.searchParams.getAll('dryRun').includes('All'),
      429,
    );
  }
}

/** The Nest provider: limits from the gatekeeper's settings, metrics in the component's registry. */
export const maxInFlightLimiterProvider = {
  provide: MaxInFlightLimiter,
  inject: [ApiserverConfig, METRICS_REGISTRY, ApiserverMetrics],
  useFactory: (config: ApiserverConfig, registry: Registry, requestMetrics: ApiserverMetrics) =>
    new MaxInFlightLimiter(
      {
        readOnly: config.gatekeeper.maxRequestsInflight,
        mutating: config.gatekeeper.maxMutatingRequestsInflight,
      },
      new MaxInFlightMetrics(registry),
      requestMetrics,
    ),
};
