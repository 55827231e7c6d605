/**
 * What a simulated container knows of its network (CRI's PodSandboxConfig.dns_config, plus the
 * node's route to Service IPs): its /etc/resolv.conf, and where its connections to a clusterIP
 * go, since clusterIPs are virtual here (kube-proxy's traffic port plays iptables' DNAT).
 */
export interface ResolvConf {
  /** `address[:port]` (a host name is looked up through the node's resolver first). */
  nameservers: string[];
  searches: string[];
  ndots: number;
  /** dnsPolicy Default: the node's own resolver (the host's /etc/resolv.conf) instead of nameservers. */
  nodeResolver?: true;
}

export interface PodNetworkConfig {
  resolvConf: ResolvConf;
  /** `host:port` of the node's kube-proxy traffic port; undefined: clusterIPs are unreachable. */
  serviceProxy?: string;
}
