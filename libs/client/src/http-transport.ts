/**
 * One HTTP request to the apiserver with client-go's manners: User-Agent and trace context on
 * every request, a Status body turned back into an ApiError, metrics per attempt, and retries
 * with back-off where repeating the request cannot do harm (reads; writes only on 429 or when the
 * connection was refused, so nothing reached the server).
 */
import { ApiError, Status } from '@orchestra/api';
import { activeTraceparent } from '@orchestra/observability';
import { Backoff, BackoffOptions } from './backoff';
import { ClientMetrics } from './client.metrics';
import { Clock, systemClock } from './clock';
import { ConcurrencyLimit } from './concurrency-limit';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestSpec {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  traceparent?: string;
  /** Further request headers (e.g. an Orchestra-only opt-in). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** A stream (watch): no request timeout, the caller reads the body. */
  stream?: boolean;
}

export interface TransportOptions {
  baseUrl: string;
  userAgent: string;
  metrics: ClientMetrics;
  maxRetries?: number;
  backoff?: BackoffOptions;
  /** For everything but streams. */
  timeoutMs?: number;
  /** Requests (not streams) in flight at once; the rest wait for a slot. */
  maxInFlight?: number;
  clock?: Clock;
  /** The network the requests go over (the global fetch); a kubelet gives each node its own. */
  fetch?: typeof fetch;
  /** Sent as `Authorization: Bearer <token>` on every request. */
  token?: string;
}

/** Enough to keep an apiserver busy, few enough connections to stay cheap on both sides. */
const defaultMaxInFlight = 32;

/** A Retry-After longer than this is cut short: a client should not hang for minutes. */
const maxRetryAfterMs = 60_000;

export class HttpTransport {
  readonly host: string;
  private readonly inFlight: ConcurrencyLimit;

  constructor(private readonly options: TransportOptions) {
    this.host = new URL(options.baseUrl).host;
    this.inFlight = new ConcurrencyLimit(options.maxInFlight ?? defaultMaxInFlight);
  }

  /** The parsed JSON body of a successful answer; an ApiError otherwise. */
  json<R>(spec: RequestSpec): Promise<R> {
    // The slot is held until the body is read: the connection is busy until then.
    return this.inFlight.run(async () => {
      const res = await this.send(spec);
      const text = await res.text();
      return (text ? JSON.parse(text) : {}) as R;
    }, spec.signal);
  }

  /** The successful response with its body unread (for streams). */
  open(spec: RequestSpec): Promise<Response> {
    return this.send({ ...spec, stream: true });
  }

  url(spec: Pick<RequestSpec, 'path' | 'query'>): string {
    const url = new URL(spec.path, this.options.baseUrl);
    for (const [key, value] of Object.entries(spec.query ?? {}))
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    return url.toString();
  }

  private async send(spec: RequestSpec): Promise<Response> {
    const { maxRetries = 5, clock = systemClock } = this.options;
    const backoff = new Backoff(this.options.backoff ?? { initialMs: 100, maxMs: 5_000 });
    const isRead = spec.method === 'GET';
    for (let attempt = 0; ; attempt++) {
      const started = clock.now();
      let res: Response;
      try {
        res = await (this.options.fetch ?? fetch)(this.url(spec), this.init(spec));
      } catch (error) {
        this.record(spec.method, '<error>', started);
        if (spec.signal?.aborted) throw error;
        if (attempt < maxRetries && (isRead || isConnectionRefused(error))) {
          await clock.sleep(backoff.next(), spec.signal);
          continue;
        }
        throw error;
      }
      this.record(spec.method, String(res.status), started);
      if (res.ok) return res;

      const error = apiErrorOf(res.status, await res.text().catch(() => ''));
      const retryable = res.status === 429 || (isRead && res.status >= 500 && res.status !== 501);
      if (!retryable || attempt >= maxRetries || spec.signal?.aborted) throw error;
      const retryAfter = retryAfterMs(res.headers.get('retry-after'), error);
      await clock.sleep(retryAfter ?? backoff.next(), spec.signal);
    }
  }

  private init(spec: RequestSpec): RequestInit {
    const headers: Record<string, string> = {
      ...spec.headers,
      'user-agent': this.options.userAgent,
      accept: 'application/json',
    };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    // The active span when tracing is on (fetch is not instrumented, so we carry it ourselves),
    // else the context the caller was given with its work.
    const traceparent = activeTraceparent() ?? spec.traceparent;
    if (traceparent) headers.traceparent = traceparent;
    let body: string | undefined;
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers['content-type'] = spec.contentType ?? 'application/json';
    }
    const timeout = spec.stream ? undefined : AbortSignal.timeout(this.options.timeoutMs ?? 30_000);
    const signals = [spec.signal, timeout].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    return { method: spec.method, headers, body, signal };
  }

  private record(method: string, code: string, started: number): void {
    const { metrics, clock = systemClock } = this.options;
    metrics.requests.inc({ code, host: this.host, method });
    metrics.duration.observe({ verb: method, host: this.host }, (clock.now() - started) / 1000);
  }
}

/** Rebuilds the server's ApiError from its Status body (or makes one up for a non-Status body). */
export function apiErrorOf(code: number, text: string): ApiError {
  let status: Partial<Status> | undefined;
  try {
    status = JSON.parse(text) as Partial<Status>;
  } catch {
    // not JSON
  }
  if (status?.kind === 'Status')
    return new ApiError(status.code ?? code, status.reason ?? '', status.message ?? '', status.details);
  return new ApiError(code, reasonOf(code), text || `the server responded with status ${code}`);
}

function reasonOf(code: number): string {
  const reasons: Record<number, string> = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    405: 'MethodNotAllowed',
    409: 'Conflict',
    410: 'Expired',
    422: 'Invalid',
    429: 'TooManyRequests',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  return reasons[code] ?? (code >= 500 ? 'InternalError' : 'Unknown');
}

function retryAfterMs(header: string | null, error: ApiError): number | undefined {
  const seconds = header !== null ? Number(header) : error.details?.retryAfterSeconds;
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return undefined;
  return Math.min(seconds * 1000, maxRetryAfterMs);
}

/** True when the connection was refused: the request never reached a server, so a retry is safe. */
export function isConnectionRefused(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown; errors?: unknown[] } | undefined; e;) {
    if (e.code === 'ECONNREFUSED') return true;
    if (Array.isArray(e.errors) && e.errors.some(isConnectionRefused)) return true;
    e = e.cause as typeof e;
  }
  return false;
}
