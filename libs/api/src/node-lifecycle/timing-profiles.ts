/**
 * How fast the cluster notices a lost node and moves its pods away. One name, `PROFILE`, picks the
 * numbers for every component that has a part in it: the kubelet's heartbeats, the node lifecycle
 * controller's grace period and eviction rate, the apiserver's default tolerationSeconds.
 *
 * - `kubernetes`: Kubernetes 1.32's defaults (kube-controller-manager --node-monitor-grace-period
 *   50s, --node-monitor-period 5s, --node-startup-grace-period 60s, --node-eviction-rate 0.1,
 *   --secondary-node-eviction-rate 0.01, --large-cluster-size-threshold 50,
 *   --unhealthy-zone-threshold 0.55; kube-apiserver --default-not-ready-toleration-seconds and
 *   --default-unreachable-toleration-seconds 300). A lost node's pods are deleted after ~6 minutes.
 * - `playground`: the same mechanism, fast enough to watch. The kubelet renews its Lease every 2 s
 *   there, so a 5 s grace period still lets one renewal (plus jitter and a busy event loop) go
 *   missing before a node is declared lost; pods tolerate the taint 3 s; a node a second may be
 *   tainted (ten times Kubernetes' rate, so a few lost nodes are all handled within seconds). From the last heartbeat: NotReady after ~5 s, pods deleted after ~8 s, their
 *   replacements Running elsewhere well within 15 s. The pods of a deleted Node are force-deleted
 *   by the pod garbage collector after 2 s (Kubernetes: 40 s of quarantine, checked every 20 s).
 */
export const PROFILES = ['kubernetes', 'playground'] as const;
export type TimingProfile = (typeof PROFILES)[number];

export interface NodeLifecycleTimings {
  /** A node whose heartbeat is older than this is Ready=Unknown (--node-monitor-grace-period). */
  nodeMonitorGracePeriodMs: number;
  /** How often node health is checked (--node-monitor-period). */
  nodeMonitorPeriodMs: number;
  /** The grace of a node that never posted a Ready condition (--node-startup-grace-period). */
  nodeStartupGracePeriodMs: number;
  /** Nodes tainted NoExecute per second, per zone (--node-eviction-rate). */
  nodeEvictionRate: number;
  /** The same for a partly disrupted zone of a large cluster (--secondary-node-eviction-rate). */
  secondaryNodeEvictionRate: number;
  /** Clusters this small stop evicting in a partly disrupted zone (--large-cluster-size-threshold). */
  largeClusterSizeThreshold: number;
  /** Share of not-Ready nodes (of at least 3) that makes a zone partly disrupted (--unhealthy-zone-threshold). */
  unhealthyZoneThreshold: number;
  /** tolerationSeconds of the not-ready and unreachable tolerations added to pods (DefaultTolerationSeconds). */
  defaultTolerationSeconds: number;
  /** How often the pod garbage collector looks for pods to force-delete (podgc's gcCheckPeriod). */
  podGcPeriodMs: number;
  /** How long a node must stay missing before its pods are force-deleted (podgc's quarantineTime). */
  podGcQuarantineMs: number;
}

export const timingProfiles: Record<TimingProfile, NodeLifecycleTimings> = {
  kubernetes: {
    nodeMonitorGracePeriodMs: 50_000,
    nodeMonitorPeriodMs: 5_000,
    nodeStartupGracePeriodMs: 60_000,
    nodeEvictionRate: 0.1,
    secondaryNodeEvictionRate: 0.01,
    largeClusterSizeThreshold: 50,
    unhealthyZoneThreshold: 0.55,
    defaultTolerationSeconds: 300,
    podGcPeriodMs: 20_000,
    podGcQuarantineMs: 40_000,
  },
  playground: {
    nodeMonitorGracePeriodMs: 5_000,
    nodeMonitorPeriodMs: 500,
    nodeStartupGracePeriodMs: 10_000,
    nodeEvictionRate: 1,
    secondaryNodeEvictionRate: 0.1,
    largeClusterSizeThreshold: 50,
    unhealthyZoneThreshold: 0.55,
    defaultTolerationSeconds: 3,
    podGcPeriodMs: 1_000,
    podGcQuarantineMs: 2_000,
  },
};

/** The profile's numbers, with the ones given (e.g. from the environment) instead of its own. */
export function nodeLifecycleTimings(
  profile: TimingProfile,
  overrides: Partial<NodeLifecycleTimings> = {},
): NodeLifecycleTimings {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...timingProfiles[profile], ...defined };
}
