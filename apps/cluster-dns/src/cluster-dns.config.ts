import {
  componentEnv,
  ConfigError,
  int,
  oneOf,
  port,
  readEnv,
  str,
  type EnvConfig,
} from '@orchestra/observability';

/** How `<a-b-c-d>.<namespace>.pod.<domain>` names are answered (CoreDNS kubernetes plugin's `pods`). */
export const POD_MODES = ['disabled', 'insecure', 'verified'] as const;
export type PodMode = (typeof POD_MODES)[number];

export const clusterDnsEnv = {
  ...componentEnv,
  /**
   * Where DNS is served, over UDP and TCP, on BIND_ADDRESS. Kubernetes' cluster DNS listens on 53,
   * which needs root (or CAP_NET_BIND_SERVICE) outside a container: 10053 by default, 53 in compose.
   */
  CLUSTER_DNS_PORT: port({ default: 10053 }),
  /** /metrics, /healthz and /readyz: CoreDNS' prometheus plugin port. */
  CLUSTER_DNS_METRICS_PORT: port({ default: 9153 }),
  /** The cluster domain (the kubelet's --cluster-domain): names under it are the cluster's. */
  CLUSTER_DOMAIN: str({ default: 'cluster.local' }),
  /** TTL of every answer, in seconds: the CoreDNS kubernetes plugin's default. */
  CLUSTER_DNS_TTL: int({ default: 5, min: 0, max: 3600 }),
  /**
   * Pod A records (`10-244-1-5.default.pod.cluster.local`): `verified` answers only for an IP a pod
   * of that namespace has, `insecure` for any well-formed name (kubeadm's Corefile), `disabled` never.
   */
  CLUSTER_DNS_PODS: oneOf(POD_MODES, { default: 'verified' }),
};

const LABEL = '[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?';
const DOMAIN = new RegExp(`^${LABEL}(\\.${LABEL})*$`);

export type ClusterDnsConfig = EnvConfig<typeof clusterDnsEnv>;

export const CLUSTER_DNS_CONFIG = Symbol('CLUSTER_DNS_CONFIG');

export function readClusterDnsConfig(env: NodeJS.ProcessEnv = process.env): ClusterDnsConfig {
  const config = readEnv(clusterDnsEnv, env);
  const domain = normalizeDomain(config.CLUSTER_DOMAIN);
  if (!DOMAIN.test(domain))
    throw new ConfigError([
      `CLUSTER_DOMAIN: expected a DNS name such as cluster.local, got "${config.CLUSTER_DOMAIN}"`,
    ]);
  return { ...config, CLUSTER_DOMAIN: domain };
}

/** `Cluster.Local.` → `cluster.local`: names are compared in lower case, without the root dot. */
export function normalizeDomain(domain: string): string {
  return domain.toLowerCase().replace(/\.+$/, '');
}
