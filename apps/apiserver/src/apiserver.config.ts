/** The apiserver's configuration, read from the environment once and validated at start. */
import { componentEnv, int, oneOf, port, readEnv, str } from '@orchestra/observability';

export const apiserverEnv = {
  ...componentEnv,
  APISERVER_PORT: port({ default: 8080 }),
  /** Key prefix in Redis; must contain a hash tag so Redis Cluster keeps all keys in one slot. */
  ORCHESTRA_KEY_PREFIX: str({ default: '{orchestra}' }),
  /** Changes kept for watch resumption; older resourceVersions get 410 Gone. */
  CHANGE_LOG_MAX_LENGTH: int({ default: 10_000, min: 100 }),
  WATCH_BOOKMARK_INTERVAL_MS: int({ default: 15_000, min: 100 }),
  /** Run the change dispatcher (change log → work queues) in this apiserver. */
  DISPATCHER_ENABLED: oneOf(['true', 'false'], { default: 'true' }),
  /** kube-apiserver's --event-ttl: Events last updated longer ago than this are deleted. */
  EVENT_TTL_SECONDS: int({ default: 3600, min: 1 }),
  /** How often the apiserver looks for expired Events. */
  EVENT_TTL_SWEEP_INTERVAL_MS: int({ default: 60_000, min: 100 }),
};

/** The typed configuration handed to providers (injected by class). */
export class ApiserverConfig {
  constructor(
    readonly port: number,
    readonly bindAddress: string,
    readonly redisUrl: string,
    readonly keyPrefix: string,
    readonly changeLogMaxLength: number,
    readonly watchBookmarkIntervalMs: number,
    readonly dispatcherEnabled = true,
    readonly eventTtlSeconds = 3600,
    readonly eventTtlSweepIntervalMs = 60_000,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): ApiserverConfig {
    const c = readEnv(apiserverEnv, env);
    return new ApiserverConfig(
      c.APISERVER_PORT,
      c.BIND_ADDRESS,
      c.REDIS_URL,
      c.ORCHESTRA_KEY_PREFIX,
      c.CHANGE_LOG_MAX_LENGTH,
      c.WATCH_BOOKMARK_INTERVAL_MS,
      c.DISPATCHER_ENABLED === 'true',
      c.EVENT_TTL_SECONDS,
      c.EVENT_TTL_SWEEP_INTERVAL_MS,
    );
  }
}
