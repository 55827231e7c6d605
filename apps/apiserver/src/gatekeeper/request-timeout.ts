/**
 * kube-apiserver's --request-timeout (WithTimeoutForNonLongRunningRequests): a request that has
 * not answered after REQUEST_TIMEOUT_SECONDS (or its shorter `?timeout=`, as Kubernetes reads it)
 * gets 504 Timeout as a Kubernetes Status, once. The handler goes on in the background; whatever
 * it writes afterwards is dropped (Kubernetes' timeoutWriter), so its late answer neither throws
 * ERR_HTTP_HEADERS_SENT nor reaches the client. Watches, followed logs and the probes are exempt.
 */
import { ApiError } from '@orchestra/api';
import type { Request, Response } from 'express';
import { ApiserverConfig } from '../apiserver.config';
import { sendError } from '../http/api-response';
import { parsedRequest } from './request-kind';

/** Kubernetes' message (apierrors.NewTimeoutError adds the "Timeout: " prefix). */
export const requestTimeoutMessage =
  'Timeout: request did not complete within requested timeout - context deadline exceeded';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

const timedOut = new WeakSet<Response>();

/** True once the request got its 504: the handler's answer is being dropped. */
export function hasTimedOut(res: Response): boolean {
  return timedOut.has(res);
}

export class RequestTimeout {
  constructor(
    private readonly defaultSeconds: number,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Starts the request's clock; cleared when the response closes. */
  arm(req: Request, res: Response): void {
    const { url, healthProbe, longRunning } = parsedRequest(req);
    if (healthProbe || longRunning) return;
    const seconds = effectiveTimeoutSeconds(url.searchParams.get('timeout'), this.defaultSeconds);
    const handle = this.timers.setTimeout(() => this.expire(res), seconds * 1000);
    res.once('close', () => this.timers.clearTimeout(handle));
  }

  private expire(res: Response): void {
    // Headers already out (a response being streamed): nothing clean can be said any more.
    if (res.headersSent || res.writableEnded || res.destroyed) return;
    sendError(res, ApiError.timeout(requestTimeoutMessage));
    timedOut.add(res);
    muteLateWrites(res);
  }
}

/** The handler's later writes become no-ops: the client has had its answer. */
function muteLateWrites(res: Response): void {
  const r = res as unknown as Record<string, unknown>;
  const self = () => res;
  r.setHeader = self;
  r.removeHeader = () => undefined;
  r.writeHead = self;
  r.status = self;
  r.write = (...args: unknown[]) => {
    callbackOf(args)?.();
    return true;
  };
  r.end = (...args: unknown[]) => {
    callbackOf(args)?.();
    return res;
  };
}

function callbackOf(args: unknown[]): (() => void) | undefined {
  const last = args.at(-1);
  return typeof last === 'function' ? (last as () => void) : undefined;
}

/**
 * The `timeout` query parameter as Go's time.ParseDuration reads it (`30s`, `1m30s`, `500ms`),
 * applied only when shorter than the server's own limit (Kubernetes' WithRequestDeadline); an
 * unreadable value leaves the server's limit.
 */
export function effectiveTimeoutSeconds(param: string | null, defaultSeconds: number): number {
  const seconds = param ? parseGoDurationSeconds(param) : undefined;
  return seconds !== undefined && seconds > 0 && seconds < defaultSeconds ? seconds : defaultSeconds;
}

const unitSeconds: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6, ns: 1e-9 };

export function parseGoDurationSeconds(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(h|ms|m|s|us|µs|ns))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, value, , unit] of text.matchAll(/(\d+(\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) {
    total += Number(value) * unitSeconds[unit];
  }
  return total;
}

/** The Nest provider, from the gatekeeper's settings. */
export const requestTimeoutProvider = {
  provide: RequestTimeout,
  inject: [ApiserverConfig],
  useFactory: (config: ApiserverConfig) => new RequestTimeout(config.gatekeeper.requestTimeoutSeconds),
};
