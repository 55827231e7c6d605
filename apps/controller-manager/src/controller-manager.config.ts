import { bool, componentEnv, int, port, readEnv, str, type EnvConfig } from '@orchestra/observability';
import { chaosEnv } from './chaos/chaos.config';
import { nodeLifecycleEnv } from './node-lifecycle/node-lifecycle.config';

export const controllerManagerEnv = {
  ...componentEnv,
  /** kube-controller-manager's port (--secure-port); Orchestra serves plain HTTP on it. */
  CONTROLLER_MANAGER_PORT: port({ default: 10257 }),
  /** The store's key prefix: the work queues live under it (must carry the same hash tag). */
  ORCHESTRA_KEY_PREFIX: str({ default: '{orchestra}' }),
  /** `false` runs the controllers without a Lease (one replica only). */
  LEADER_ELECT: bool({ default: true }),
  /**
   * This instance's name in the Lease; `<hostname>_<random>` when empty. The launcher and compose
   * give each instance a stable one, so a restarted leader takes its Lease back at once.
   */
  LEADER_ELECTION_IDENTITY: str({ default: '' }),
  LEASE_DURATION_MS: int({ default: 15_000, min: 100 }),
  RENEW_DEADLINE_MS: int({ default: 10_000, min: 50 }),
  RETRY_PERIOD_MS: int({ default: 2_000, min: 10 }),
  /** Every key is re-enqueued this often, so a lost job delays healing but never prevents it. */
  RESYNC_PERIOD_MS: int({ default: 30_000, min: 100 }),
  /** Kubernetes' --concurrent-*-syncs defaults. */
  CONCURRENT_REPLICASET_SYNCS: int({ default: 5, min: 1 }),
  CONCURRENT_DEPLOYMENT_SYNCS: int({ default: 5, min: 1 }),
  CONCURRENT_ENDPOINT_SYNCS: int({ default: 5, min: 1 }),
  CONCURRENT_GC_SYNCS: int({ default: 20, min: 1 }),
  CONCURRENT_NAMESPACE_SYNCS: int({ default: 10, min: 1 }),
  /** Taint-eviction workers: each one evicts a pod (a status write and a delete) at a time. */
  CONCURRENT_TAINT_EVICTION_SYNCS: int({ default: 8, min: 1 }),
  /** How often each HorizontalPodAutoscaler is synced (--horizontal-pod-autoscaler-sync-period). */
  HPA_SYNC_PERIOD_SECONDS: int({ default: 15, min: 1 }),
  /** The node lifecycle controller's timings: PROFILE and its overrides. */
  ...nodeLifecycleEnv,
  /** The chaos controller's switch and rate limit. */
  ...chaosEnv,
};

export type ControllerManagerConfig = EnvConfig<typeof controllerManagerEnv>;

export const CONTROLLER_MANAGER_CONFIG = Symbol('CONTROLLER_MANAGER_CONFIG');

export function readControllerManagerConfig(env: NodeJS.ProcessEnv = process.env): ControllerManagerConfig {
  return readEnv(controllerManagerEnv, env);
}
