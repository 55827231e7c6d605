import { PROFILES } from '@orchestra/api';
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
import { IpRangeError, parseIpRange } from './cloud/ip-pool';

export const cloudControllerManagerEnv = {
  ...componentEnv,
  /** /metrics, /healthz, /readyz and the simulated cloud's API (/cloud/v1/...): Kubernetes' CCM port. */
  CLOUD_CONTROLLER_MANAGER_PORT: port({ default: 10258 }),
  /** The cluster's key prefix in Redis: the work queues, and the cloud's own state under `:cloud:`. */
  ORCHESTRA_KEY_PREFIX: str({ default: '{orchestra}' }),
  /** The addresses load balancers get (any 127.x address is loopback on Linux, so the proxy can listen on them). */
  LOAD_BALANCER_IP_RANGE: str({ default: '127.0.100.0/24' }),
  CLOUD_REGION: str({ default: 'orchestra-local-1' }),
  /** The zones instances are spread over, by node slot. */
  CLOUD_ZONES: str({ default: 'zone-a,zone-b,zone-c' }),
  /** The node group's instance type and what it gives a node. */
  CLOUD_INSTANCE_TYPE: str({ default: 'orchestra-standard-2' }),
  CLOUD_INSTANCE_CPU: str({ default: '2' }),
  CLOUD_INSTANCE_MEMORY: str({ default: '4Gi' }),
  CLOUD_INSTANCE_PODS: int({ default: 110, min: 1, max: 253 }),
  /**
   * The node group's slots: its nodes are `<prefix>-1` … `<prefix>-<max>`, and the kubelet's
   * NODE_TOKENS_FILE must hold a token for each (the credentials generator makes them up front).
   */
  NODE_POOL_NAME: str({ default: 'pool' }),
  NODE_POOL_NODE_PREFIX: str({ default: 'pool-node' }),
  NODE_POOL_MIN_SIZE: int({ default: 0, min: 0, max: 100 }),
  NODE_POOL_MAX_SIZE: int({ default: 3, min: 0, max: 100 }),
  /** How often the cloud-node-lifecycle controller asks the cloud whether each Node's instance exists (--node-monitor-period). */
  NODE_MONITOR_PERIOD_MS: int({ default: 5_000, min: 100 }),
  /**
   * The cluster autoscaler's timings: kubernetes (cluster-autoscaler's defaults) or playground
   * (a scale-down within about a minute, to watch). The AUTOSCALER_* variables below win; -1 (their
   * default) means the profile's value.
   */
  PROFILE: oneOf(PROFILES, { default: 'kubernetes' }),
  /** The cluster autoscaler's loop (--scan-interval): kubernetes 10 s, playground 2 s. */
  AUTOSCALER_SCAN_INTERVAL_MS: int({ default: -1, min: -1 }),
  /** How long a node must be unneeded before it is removed (--scale-down-unneeded-time): 10 min, playground 1 min. */
  AUTOSCALER_SCALE_DOWN_UNNEEDED_MS: int({ default: -1, min: -1 }),
  /** No scale-down this long after a scale-up (--scale-down-delay-after-add): 10 min, playground 1 min. */
  AUTOSCALER_SCALE_DOWN_DELAY_AFTER_ADD_MS: int({ default: -1, min: -1 }),
  /** A launched instance whose Node is not Ready within this is given up on (--max-node-provision-time, 15 min). */
  AUTOSCALER_MAX_NODE_PROVISION_MS: int({ default: 900_000, min: 1_000 }),
  /** Every key of the controllers' queues is enqueued again this often. */
  RESYNC_PERIOD_MS: int({ default: 300_000, min: 1_000 }),
};

export type CloudControllerManagerConfig = EnvConfig<typeof cloudControllerManagerEnv>;

export const CLOUD_CONTROLLER_MANAGER_CONFIG = Symbol('CLOUD_CONTROLLER_MANAGER_CONFIG');

export function readCloudControllerManagerConfig(
  env: NodeJS.ProcessEnv = process.env,
): CloudControllerManagerConfig {
  const config = readEnv(cloudControllerManagerEnv, env);
  const problems: string[] = [];
  try {
    parseIpRange(config.LOAD_BALANCER_IP_RANGE);
  } catch (error) {
    if (!(error instanceof IpRangeError)) throw error;
    problems.push(`LOAD_BALANCER_IP_RANGE: ${error.message}`);
  }
  if (zonesOf(config).length === 0) problems.push('CLOUD_ZONES: names no zone');
  if (config.NODE_POOL_MIN_SIZE > config.NODE_POOL_MAX_SIZE)
    problems.push(
      `NODE_POOL_MIN_SIZE: ${config.NODE_POOL_MIN_SIZE} exceeds NODE_POOL_MAX_SIZE ${config.NODE_POOL_MAX_SIZE}`,
    );
  if (problems.length) throw new ConfigError(problems);
  return config;
}

export interface AutoscalerTimings {
  scanIntervalMs: number;
  unneededMs: number;
  delayAfterAddMs: number;
}

const autoscalerProfiles: Record<(typeof PROFILES)[number], AutoscalerTimings> = {
  kubernetes: { scanIntervalMs: 10_000, unneededMs: 600_000, delayAfterAddMs: 600_000 },
  playground: { scanIntervalMs: 2_000, unneededMs: 60_000, delayAfterAddMs: 60_000 },
};

/** The profile's timings, each overridden by its AUTOSCALER_* variable when set. */
export function autoscalerTimings(config: CloudControllerManagerConfig): AutoscalerTimings {
  const profile = autoscalerProfiles[config.PROFILE];
  const pick = (value: number, fallback: number) => (value >= 0 ? value : fallback);
  return {
    scanIntervalMs: Math.max(100, pick(config.AUTOSCALER_SCAN_INTERVAL_MS, profile.scanIntervalMs)),
    unneededMs: pick(config.AUTOSCALER_SCALE_DOWN_UNNEEDED_MS, profile.unneededMs),
    delayAfterAddMs: pick(config.AUTOSCALER_SCALE_DOWN_DELAY_AFTER_ADD_MS, profile.delayAfterAddMs),
  };
}

export function zonesOf(config: CloudControllerManagerConfig): string[] {
  return config.CLOUD_ZONES.split(',')
    .map((z) => z.trim())
    .filter(Boolean);
}
