import { hostname } from 'node:os';
import { MAX_NODE_INDEX } from './node/pod-cidr.allocator';
import type { ClusterNetworkSettings } from './pods/pod-dns';
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

export const kubeletEnv = {
  ...componentEnv,
  /** The kubelet's port (--port); Orchestra serves plain HTTP on it, for all nodes of the process. */
  KUBELET_PORT: port({ default: 10250 }),
  /** The address other components reach this kubelet at: every node's InternalIP. */
  KUBELET_ADVERTISE_ADDRESS: str({ default: '127.0.0.1' }),
  /**
   * Each node's credential: token-file CSV lines `token,system:node:<name>,,system:nodes`, one per
   * node this process runs, so that each node acts as its own identity (the Node authorizer's
   * `system:node:<name>`). Unset: every node uses APISERVER_TOKEN_FILE's token, if any.
   */
  NODE_TOKENS_FILE: str({ default: '' }),
  /** How many simulated nodes this process runs (besides its pool nodes: 0 runs only those). */
  NODES: int({ default: 1, min: 0, max: MAX_NODE_INDEX }),
  /** Nodes are named `<prefix>-<index>`; the host name by default. */
  NODE_NAME_PREFIX: str({ default: hostname().toLowerCase() }),
  /** One node with exactly this name (like --hostname-override); only with NODES=1. */
  NODE_NAME: str({ default: '' }),
  /**
   * Added to the node indexes (1, 2, …), so two kubelet processes get distinct names and
   * podCIDRs. With NODE_NAME=node-2 and no offset, the index is taken from the name (2).
   */
  NODE_INDEX_OFFSET: int({ default: -1, min: -1, max: MAX_NODE_INDEX - 1 }),
  /** Node i (0-based) gets zone i mod n. */
  ZONES: str({ default: 'zone-a,zone-b,zone-c' }),
  NODE_CPU: str({ default: '4' }),
  NODE_MEMORY: str({ default: '8Gi' }),
  NODE_PODS: int({ default: 110, min: 1, max: 253 }),
  /** Labels the nodes `node-role.kubernetes.io/<role>` (what kubectl shows under ROLES). */
  NODE_ROLE: str({ default: '' }),
  /** 1 is real time; 10 makes back-offs, image pulls and delays ten times shorter. */
  TIME_SCALE: int({ default: 1, min: 1, max: 10_000 }),
  /**
   * How often a running pod's ConfigMaps and Secrets are read again, in real milliseconds (not
   * scaled by TIME_SCALE): an update reaches the files of its mounted volumes within 1.2 times
   * this (the pods of a node share a read for a fifth of the period; Kubernetes: up to the sync
   * period plus the cache TTL, about a minute). Environment variables never change in a running
   * container.
   */
  VOLUME_REFRESH_MS: int({ default: 5_000, min: 100, max: 600_000 }),
  /** kubernetes: lease renewed every 10 s, status every 60 s; playground: 2 s and 10 s. */
  PROFILE: oneOf(['kubernetes', 'playground'] as const, { default: 'kubernetes' }),
  /**
   * The cluster DNS server(s) pods with dnsPolicy ClusterFirst resolve names with (the kubelet's
   * --cluster-dns), comma-separated `address[:port]`: `npm start`'s cluster-dns is on
   * 127.0.0.1:10053. Empty: those pods use the node's resolver, as a kubelet without --cluster-dns.
   */
  CLUSTER_DNS: str({ default: '' }),
  /** The cluster domain in pods' DNS search path (the kubelet's --cluster-domain). */
  CLUSTER_DOMAIN: str({ default: 'cluster.local' }),
  /**
   * `host:port` where pods' connections to a Service's clusterIP go: the node's kube-proxy traffic
   * port (iptables' DNAT in Kubernetes). Empty: clusterIPs are unreachable from pods.
   */
  SERVICE_PROXY_ADDRESS: str({ default: '' }),
  /**
   * Node-pool mode: the simulated cloud's API (the cloud-controller-manager, e.g.
   * http://127.0.0.1:10258). When set, besides its NODES this process boots a node for every
   * instance the cloud lists (named by the instance, `pool-node-<slot>`) and stops the node of an
   * instance that is gone, as a hypervisor boots and powers off machines.
   */
  CLOUD_PROVIDER_URL: str({ default: '' }),
  /** The pool's node slots this process holds tokens for: `<NODE_POOL_NODE_PREFIX>-1` … `-<size>`. */
  NODE_POOL_SIZE: int({ default: 0, min: 0, max: 511 }),
  NODE_POOL_NODE_PREFIX: str({ default: 'pool-node' }),
  /** Pool node slot s gets node index offset + s (its podCIDR), clear of the NODES' indexes. */
  NODE_POOL_INDEX_OFFSET: int({ default: 512, min: 0, max: MAX_NODE_INDEX - 1 }),
  /** How often the cloud's instance list is read. */
  NODE_POOL_POLL_MS: int({ default: 1_000, min: 100 }),
  /** The cluster's key prefix in Redis: the node work queues live under it. */
  ORCHESTRA_KEY_PREFIX: str({ default: '{orchestra}' }),
};

export type KubeletConfig = EnvConfig<typeof kubeletEnv>;

export const KUBELET_CONFIG = Symbol('KUBELET_CONFIG');

export function readKubeletConfig(env: NodeJS.ProcessEnv = process.env): KubeletConfig {
  const config = readEnv(kubeletEnv, env);
  if (config.NODE_NAME && config.NODES !== 1)
    throw new ConfigError([`NODE_NAME: names one node, but NODES is ${config.NODES}`]);
  if (config.NODES === 0 && !config.CLOUD_PROVIDER_URL)
    throw new ConfigError(['NODES: 0 nodes is only for node-pool mode (CLOUD_PROVIDER_URL)']);
  const last = nodeIdentities(config).at(-1);
  if (last && last.index > MAX_NODE_INDEX)
    throw new ConfigError([
      `NODE_INDEX_OFFSET: node index ${last.index} exceeds ${MAX_NODE_INDEX} (the pod network 10.244.0.0/14 has one /24 per node)`,
    ]);
  if (config.NODE_POOL_INDEX_OFFSET + config.NODE_POOL_SIZE > MAX_NODE_INDEX)
    throw new ConfigError([
      `NODE_POOL_SIZE: pool node index ${config.NODE_POOL_INDEX_OFFSET + config.NODE_POOL_SIZE} exceeds ${MAX_NODE_INDEX}`,
    ]);
  if (config.CLOUD_PROVIDER_URL && config.NODE_POOL_SIZE === 0)
    throw new ConfigError([
      'NODE_POOL_SIZE: node-pool mode (CLOUD_PROVIDER_URL) needs at least one pool node slot',
    ]);
  return config;
}

/** One simulated node: its name, its index (which /24 of the pod network it gets) and its zone. */
export interface NodeIdentity {
  name: string;
  index: number;
  zone: string;
}

export function nodeIdentities(config: KubeletConfig): NodeIdentity[] {
  const zones = config.ZONES.split(',')
    .map((z) => z.trim())
    .filter(Boolean);
  const fromName = /-(\d+)$/.exec(config.NODE_NAME)?.[1];
  const offset =
    config.NODE_INDEX_OFFSET >= 0 ? config.NODE_INDEX_OFFSET : fromName ? Number(fromName) - 1 : 0;
  return Array.from({ length: config.NODES }, (_, k) => {
    const index = offset + k + 1;
    return {
      name: config.NODE_NAME || `${config.NODE_NAME_PREFIX}-${index}`,
      index,
      zone: zones.length ? zones[(index - 1) % zones.length] : '',
    };
  });
}

/** What the kubelet's pods get of the cluster network: cluster DNS, domain, route to clusterIPs. */
export function clusterNetworkSettings(config: KubeletConfig): ClusterNetworkSettings {
  return {
    clusterDNS: config.CLUSTER_DNS.split(',')
      .map((server) => server.trim())
      .filter(Boolean),
    clusterDomain: config.CLUSTER_DOMAIN.toLowerCase().replace(/\.+$/, ''),
    ...(config.SERVICE_PROXY_ADDRESS ? { serviceProxy: config.SERVICE_PROXY_ADDRESS } : {}),
  };
}

/** The pool's node names (node-pool mode): each needs a token in NODE_TOKENS_FILE. */
export function poolNodeNames(config: KubeletConfig): string[] {
  if (!config.CLOUD_PROVIDER_URL) return [];
  return Array.from({ length: config.NODE_POOL_SIZE }, (_, i) => `${config.NODE_POOL_NODE_PREFIX}-${i + 1}`);
}

/** Intervals of the node heartbeats per profile (Kubernetes' defaults vs a livelier playground). */
export function heartbeatIntervals(config: KubeletConfig): { leaseRenewMs: number; statusMs: number } {
  return config.PROFILE === 'kubernetes'
    ? { leaseRenewMs: 10_000, statusMs: 60_000 }
    : { leaseRenewMs: 2_000, statusMs: 10_000 };
}
