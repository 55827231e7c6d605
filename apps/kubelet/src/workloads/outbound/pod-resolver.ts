/**
 * Name resolution from inside a simulated pod, as its libc would do it with the resolv.conf the
 * kubelet gave it: a name with fewer dots than `ndots` (and no trailing dot) tries each search
 * domain first, then itself; others try themselves first. Every try is a real DNS query (Node's
 * c-ares resolver) to the pod's nameservers, so `backend` becomes
 * `backend.<ns>.svc.cluster.local` through the cluster DNS, NXDOMAIN by NXDOMAIN, as in a pod.
 */
import { promises as dns } from 'node:dns';
import { isIP, isIPv6 } from 'node:net';
import type { ResolvConf } from '../../runtime/pod-network';

export interface ResolvedName {
  /** The name that answered (the search domain appended, if one was). */
  name: string;
  address: string;
}

export class ResolutionError extends Error {
  override readonly name = 'ResolutionError';
  constructor(
    readonly host: string,
    /** c-ares' code of the last failure: ENOTFOUND (NXDOMAIN), ENODATA, EREFUSED, ETIMEOUT, … */
    readonly code: string,
    readonly tried: string[],
  ) {
    super(`cannot resolve ${host}: ${code} (tried ${tried.join(', ')})`);
  }
}

/** The names the resolver tries for `host`, in order (resolv.conf(5) search and ndots). */
export function searchCandidates(host: string, conf: Pick<ResolvConf, 'searches' | 'ndots'>): string[] {
  if (host.endsWith('.')) return [host.replace(/\.+$/, '')];
  const searched = conf.searches.map((domain) => `${host}.${domain}`);
  const dots = host.split('.').length - 1;
  return dots >= conf.ndots ? [host, ...searched] : [...searched, host];
}

export interface PodResolverOptions {
  /** Per query, before c-ares tries again (it tries twice). */
  timeoutMs?: number;
  /** For the whole search, every candidate together: past it, ETIMEOUT. */
  deadlineMs?: number;
}

/** The first IPv4 address of `host` as the pod would resolve it. */
export async function resolveInPod(
  host: string,
  conf: ResolvConf,
  options: PodResolverOptions = {},
): Promise<ResolvedName> {
  if (isIP(host)) return { name: host, address: host };
  if (conf.nodeResolver) {
    const { address } = await dns.lookup(host, { family: 4 });
    return { name: host, address };
  }
  if (conf.nameservers.length === 0) throw new ResolutionError(host, 'ECONNREFUSED', []);
  const resolver = new dns.Resolver({ timeout: options.timeoutMs ?? 2_000, tries: 2 });
  resolver.setServers(await Promise.all(conf.nameservers.map(serverAddress)));
  const tried: string[] = [];
  const codes = new Set<string>();
  let expired = false;
  // The whole search is bounded too: past the deadline, outstanding queries are cancelled.
  const deadline =
    options.deadlineMs === undefined
      ? undefined
      : setTimeout(() => {
          expired = true;
          resolver.cancel();
        }, options.deadlineMs);
  try {
    for (const candidate of searchCandidates(host, conf)) {
      if (expired) break;
      tried.push(candidate);
      try {
        const [address] = await resolver.resolve4(candidate);
        if (address) return { name: candidate, address };
      } catch (error) {
        codes.add((error as NodeJS.ErrnoException).code ?? 'EUNKNOWN');
      }
    }
  } finally {
    clearTimeout(deadline);
  }
  if (expired) throw new ResolutionError(host, 'ETIMEOUT', tried);
  // As libc's res_search reports it: "no data" over "no such name" over a server's failure.
  const failure =
    ['ENODATA', 'ENOTFOUND'].find((code) => codes.has(code)) ?? [...codes].at(-1) ?? 'ENOTFOUND';
  throw new ResolutionError(host, failure, tried);
}

/**
 * `10.96.0.10`, `10.96.0.10:53`, or `cluster-dns:53` (a compose service name, looked up through
 * the node's resolver) → what c-ares' setServers takes (`ip[:port]`, `[ipv6]:port`).
 */
async function serverAddress(server: string): Promise<string> {
  if (isIP(server)) return server;
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(server.trim());
  if (!m) return server;
  const [, host, port] = m;
  const ip = isIP(host) ? host : (await dns.lookup(host)).address;
  if (!port) return ip;
  return isIPv6(ip) ? `[${ip}]:${port}` : `${ip}:${port}`;
}
