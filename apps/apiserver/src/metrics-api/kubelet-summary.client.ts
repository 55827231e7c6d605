/**
 * Scrapes kubelets' Summary API as metrics-server does: the Node's InternalIP and
 * `daemonEndpoints.kubeletEndpoint.Port`, `GET /stats/summary?node=<name>` (one kubelet process
 * runs several nodes behind one port), a short timeout, and each node's answer kept a few seconds
 * so repeated `kubectl top` calls are quick. A kubelet that does not answer gives no summary (its
 * node and pods have no metrics), remembered as long as an answer is, so it cannot slow each call.
 */
import type { Node } from '@orchestra/api';
import type { KubeletSummary } from './metrics-api.types';

export interface KubeletSummaryOptions {
  /** How long an answer (or a failure) is reused. */
  cacheMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

interface Entry {
  at: number;
  summary: Promise<KubeletSummary | undefined>;
}

export class KubeletSummaryClient {
  private readonly cache = new Map<string, Entry>();
  private readonly cacheMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(options: KubeletSummaryOptions = {}) {
    this.cacheMs = options.cacheMs ?? 5_000;
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.now = options.now ?? Date.now;
  }

  summary(node: Node): Promise<KubeletSummary | undefined> {
    const name = node.metadata.name!;
    const cached = this.cache.get(name);
    if (cached && this.now() - cached.at < this.cacheMs) return cached.summary;
    const url = summaryUrl(node);
    const summary = url ? this.fetch(url) : Promise.resolve(undefined);
    this.cache.set(name, { at: this.now(), summary });
    return summary;
  }

  private async fetch(url: URL): Promise<KubeletSummary | undefined> {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
      if (!res.ok) return undefined;
      return (await res.json()) as KubeletSummary;
    } catch {
      return undefined;
    }
  }
}

/** The kubelet's summary URL for this node, or undefined when the node reports no endpoint. */
export function summaryUrl(node: Node): URL | undefined {
  const address = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
  if (!address || !port) return undefined;
  const host = address.includes(':') ? `[${address}]` : address;
  const url = new URL(`http://${host}:${port}/stats/summary`);
  url.searchParams.set('node', node.metadata.name!);
  return url;
}
