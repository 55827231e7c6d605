/**
 * An HTTP call from inside a simulated pod to another Service, the way a pod makes one in
 * Kubernetes: the URL's host is resolved with the pod's resolv.conf (pod-resolver.ts: the
 * cluster DNS answers the Service's clusterIP), then the connection to that clusterIP goes where
 * the node sends it, the kube-proxy traffic port (SERVICE_PROXY_ADDRESS), with the clusterIP and
 * port as the request's Host: the proxy routes by that address as kube-proxy's rules route by
 * the packet's destination. Without a service proxy the address is dialled directly.
 */
import { request } from 'node:http';
import type { PodNetworkConfig } from '../../runtime/pod-network';
import { ResolutionError, resolveInPod } from './pod-resolver';

export interface UpstreamResult {
  url: string;
  /** The name the pod's resolver found (search domain appended), and its address. */
  resolvedName?: string;
  address?: string;
  /** The upstream's status and the first line of its body; absent when no response came. */
  status?: number;
  body?: string;
  /** Why there is no response: a DNS failure code (ENOTFOUND, …) or a connection error. */
  error?: string;
  durationMs: number;
}

export interface UpstreamCallOptions {
  timeoutMs: number;
  /** Request headers to send along (e.g. Accept). */
  headers?: Record<string, string>;
  now?: () => number;
}

/** Most of an upstream's answer that is kept: its first line, for the caller's own answer. */
const MAX_BODY = 4096;

export async function callUpstream(
  url: string,
  network: PodNetworkConfig | undefined,
  options: UpstreamCallOptions,
): Promise<UpstreamResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const done = (result: Omit<UpstreamResult, 'url' | 'durationMs'>): UpstreamResult => ({
    url,
    ...result,
    durationMs: now() - started,
  });
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return done({ error: 'invalid URL' });
  }
  if (target.protocol !== 'http:') return done({ error: `unsupported protocol ${target.protocol}` });
  const host = target.hostname.replace(/^\[|\]$/g, '');
  let resolved: { name: string; address: string };
  try {
    resolved = await resolveInPod(
      host,
      network?.resolvConf ?? { nameservers: [], searches: [], ndots: 1, nodeResolver: true },
      { timeoutMs: Math.min(2_000, options.timeoutMs), deadlineMs: options.timeoutMs },
    );
  } catch (error) {
    return done({ error: error instanceof ResolutionError ? error.code : String((error as Error).message) });
  }
  const port = Number(target.port || 80);
  const via = network?.serviceProxy ? splitHostPort(network.serviceProxy) : undefined;
  const resolvedFields = { resolvedName: resolved.name, address: resolved.address };
  return new Promise((resolve) => {
    const req = request(
      {
        host: via?.host ?? resolved.address,
        port: via?.port ?? port,
        path: `${target.pathname}${target.search}`,
        method: 'GET',
        headers: { ...options.headers, host: via ? `${resolved.address}:${port}` : target.host },
        timeout: options.timeoutMs,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < MAX_BODY) body += chunk;
        });
        res.on('end', () =>
          resolve(
            done({ ...resolvedFields, status: res.statusCode, body: body.split('\n')[0].slice(0, 300) }),
          ),
        );
        res.on('error', (error) => resolve(done({ ...resolvedFields, error: error.message })));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', (error) => resolve(done({ ...resolvedFields, error: error.message })));
    req.end();
  });
}

/** An upstream call the caller should pass off as its own failure (502). */
export function upstreamFailed(result: UpstreamResult): boolean {
  return result.error !== undefined || (result.status ?? 0) >= 500;
}

/** One line for a text answer: `upstream http://backend/ (backend.default.svc.cluster.local → 10.96.0.12): 200 Hello from …`. */
export function describeUpstream(result: UpstreamResult): string {
  const where = result.address ? ` (${result.resolvedName} → ${result.address})` : '';
  const outcome = result.error ? `error ${result.error}` : `${result.status} ${result.body ?? ''}`.trim();
  return `upstream ${result.url}${where}: ${outcome}`;
}

function splitHostPort(address: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
  return m ? { host: m[1], port: Number(m[2]) } : { host: address, port: 80 };
}
