import { bool, componentEnv, int, port, readEnv, str, type EnvConfig } from '@orchestra/observability';

export const schedulerEnv = {
  ...componentEnv,
  /** kube-scheduler's port (--secure-port); Orchestra serves plain HTTP on it. */
  SCHEDULER_PORT: port({ default: 10259 }),
  /** The cluster's key prefix in Redis: the scheduler's work queue lives under it. */
  ORCHESTRA_KEY_PREFIX: str({ default: '{orchestra}' }),
  /** --leader-elect: only the holder of the `kube-scheduler` Lease schedules. */
  LEADER_ELECT: bool({ default: true }),
  /**
   * This instance's name in the Lease; `<hostname>_<random>` when empty. The launcher and compose
   * give each instance a stable one, so a restarted leader takes its Lease back at once.
   */
  LEADER_ELECTION_IDENTITY: str({ default: '' }),
  LEASE_DURATION_MS: int({ default: 15_000, min: 1000 }),
  RENEW_DEADLINE_MS: int({ default: 10_000, min: 500 }),
  RETRY_PERIOD_MS: int({ default: 2_000, min: 100 }),
  /** percentageOfNodesToScore: 0 is Kubernetes' adaptive default, 1–100 fixes it. */
  PERCENTAGE_OF_NODES_TO_SCORE: int({ default: 0, min: 0, max: 100 }),
  /** Bindings in flight at once (Kubernetes runs each binding cycle in its own goroutine). */
  MAX_IN_FLIGHT_BINDINGS: int({ default: 64, min: 1, max: 10_000 }),
};

export type SchedulerConfig = EnvConfig<typeof schedulerEnv>;

export const SCHEDULER_CONFIG = Symbol('SCHEDULER_CONFIG');

export function readSchedulerConfig(env: NodeJS.ProcessEnv = process.env): SchedulerConfig {
  return readEnv(schedulerEnv, env);
}
