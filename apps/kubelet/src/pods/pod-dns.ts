/**
 * A pod's resolv.conf (the kubelet's pkg/kubelet/network/dns GetPodDNS): with dnsPolicy
 * ClusterFirst (the default) and the kubelet given a cluster DNS (--cluster-dns, CLUSTER_DNS
 * here), the pod asks the cluster DNS, searching `<ns>.svc.<domain> svc.<domain> <domain>` with
 * `ndots:5`, so `backend` and `backend.shop` resolve. `Default` (and ClusterFirst on a kubelet
 * without cluster DNS, as the kubelet falls back) uses the node's own resolver; `None` has no
 * nameserver (spec.dnsConfig, which would fill it, is not in Orchestra's Pod API yet).
 *
 * Also what a simulated container needs of its node's network to call a Service: where its
 * connections to a clusterIP go (kube-proxy's traffic port, where iptables' DNAT sends them in
 * Kubernetes).
 */
import type { Pod } from '@orchestra/api';
import type { PodNetworkConfig, ResolvConf } from '../runtime/pod-network';

/** The kubelet's cluster network settings, the same for every pod of the node. */
export interface ClusterNetworkSettings {
  /** `address[:port]` of the cluster DNS servers (--cluster-dns); empty: none. */
  clusterDNS: string[];
  /** --cluster-domain. */
  clusterDomain: string;
  /** `host:port` of the node's kube-proxy traffic port; undefined: clusterIPs are unreachable. */
  serviceProxy?: string;
}

/** The host's resolv.conf as the kubelet sees it: no search domains of its own here. */
const NODE_RESOLV_CONF: ResolvConf = { nameservers: [], searches: [], ndots: 1, nodeResolver: true };
/** Kubernetes' ndots for ClusterFirst pods: names with fewer dots try the search list first. */
export const CLUSTER_NDOTS = 5;

export function podResolvConf(pod: Pod, settings: ClusterNetworkSettings): ResolvConf {
  const policy = pod.spec.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'None') return { nameservers: [], searches: [], ndots: 1 };
  const clusterFirst = policy === 'ClusterFirst' || policy === 'ClusterFirstWithHostNet';
  if (!clusterFirst || settings.clusterDNS.length === 0) return NODE_RESOLV_CONF;
  const domain = settings.clusterDomain;
  const namespace = pod.metadata.namespace ?? 'default';
  return {
    nameservers: [...settings.clusterDNS],
    searches: [`${namespace}.svc.${domain}`, `svc.${domain}`, domain],
    ndots: CLUSTER_NDOTS,
  };
}

export function podNetworkConfig(pod: Pod, settings: ClusterNetworkSettings): PodNetworkConfig {
  return {
    resolvConf: podResolvConf(pod, settings),
    ...(settings.serviceProxy ? { serviceProxy: settings.serviceProxy } : {}),
  };
}
