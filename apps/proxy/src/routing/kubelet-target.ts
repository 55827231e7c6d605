/**
 * Where a Node's kubelet serves its pods' traffic: the Node's InternalIP and
 * `status.daemonEndpoints.kubeletEndpoint.Port` (see apps/kubelet/README.md).
 */
import type { Node } from '@orchestra/api';

export interface KubeletTarget {
  host: string;
  port: number;
  /** `host:port`: one keep-alive agent per key. */
  key: string;
}

export function kubeletTargetOf(node: Node): KubeletTarget | undefined {
  const host = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
  if (!host || !port || port <= 0 || port > 65535) return undefined;
  return { host, port, key: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}` };
}
