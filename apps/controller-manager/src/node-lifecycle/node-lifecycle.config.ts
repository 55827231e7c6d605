/**
 * The node lifecycle settings of the controller-manager's environment: `PROFILE` picks Kubernetes'
 * numbers or the playground's (see timingProfiles in @orchestra/api), and each number can be set
 * on its own (kube-controller-manager's flags of the same names).
 */
import { nodeLifecycleTimings, PROFILES, type NodeLifecycleTimings } from '@orchestra/api';
import { oneOf, type EnvVar } from '@orchestra/observability';

/** A number ≥ 0 (a rate may have decimals), or undefined when unset: the profile's value then. */
function optionalNumber(options: { integer?: boolean; max?: number } = {}): EnvVar<number | undefined> {
  return {
    parse(raw) {
      if (raw === undefined) return undefined;
      const value = Number(raw);
      const shape = options.integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
      if (!shape.test(raw) || value > (options.max ?? Number.MAX_SAFE_INTEGER))
        throw new Error(`expected ${options.integer ? 'an integer' : 'a number'} ≥ 0, got "${raw}"`);
      return value;
    },
  };
}

export const nodeLifecycleEnv = {
  /** `kubernetes` (Kubernetes' defaults) or `playground` (fast); the kubelet and apiserver read it too. */
  PROFILE: oneOf(PROFILES, { default: 'kubernetes' }),
  /** --node-monitor-grace-period, in ms. */
  NODE_MONITOR_GRACE_PERIOD_MS: optionalNumber({ integer: true }),
  /** --node-monitor-period, in ms. */
  NODE_MONITOR_PERIOD_MS: optionalNumber({ integer: true }),
  /** --node-startup-grace-period, in ms. */
  NODE_STARTUP_GRACE_PERIOD_MS: optionalNumber({ integer: true }),
  /** --node-eviction-rate: nodes tainted NoExecute per second per zone. */
  NODE_EVICTION_RATE: optionalNumber(),
  /** --secondary-node-eviction-rate. */
  SECONDARY_NODE_EVICTION_RATE: optionalNumber(),
  /** --large-cluster-size-threshold. */
  LARGE_CLUSTER_SIZE_THRESHOLD: optionalNumber({ integer: true }),
  /** --unhealthy-zone-threshold (0 to 1). */
  UNHEALTHY_ZONE_THRESHOLD: optionalNumber({ max: 1 }),
};

type NodeLifecycleEnv = {
  [K in keyof typeof nodeLifecycleEnv]: (typeof nodeLifecycleEnv)[K] extends EnvVar<infer T> ? T : never;
};

export function timingsFromEnv(env: NodeLifecycleEnv): NodeLifecycleTimings {
  return nodeLifecycleTimings(env.PROFILE, {
    nodeMonitorGracePeriodMs: env.NODE_MONITOR_GRACE_PERIOD_MS,
    nodeMonitorPeriodMs: env.NODE_MONITOR_PERIOD_MS,
    nodeStartupGracePeriodMs: env.NODE_STARTUP_GRACE_PERIOD_MS,
    nodeEvictionRate: env.NODE_EVICTION_RATE,
    secondaryNodeEvictionRate: env.SECONDARY_NODE_EVICTION_RATE,
    largeClusterSizeThreshold: env.LARGE_CLUSTER_SIZE_THRESHOLD,
    unhealthyZoneThreshold: env.UNHEALTHY_ZONE_THRESHOLD,
  });
}
