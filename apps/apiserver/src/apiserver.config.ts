/** The apiserver's configuration, read from the environment once and validated at start. */
import { nodeLifecycleTimings, PROFILES } from '@orchestra/api';
import { bool, componentEnv, int, oneOf, port, readEnv, str, url } from '@orchestra/observability';

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
  /** The chaos master switch: `false` refuses new ChaosExperiments and the /chaos/v1 endpoints (403). */
  CHAOS_ENABLED: bool({ default: true }),
  /** The timing profile (`kubernetes` or `playground`, as the controller-manager's): the default below. */
  PROFILE: oneOf(PROFILES, { default: 'kubernetes' }),
  /**
   * tolerationSeconds of the not-ready and unreachable tolerations DefaultTolerationSeconds adds
   * to pods (kube-apiserver's --default-*-toleration-seconds); the profile's (300 or 3) when unset.
   */
  DEFAULT_TOLERATION_SECONDS: int({ default: -1, min: -1 }),
  /**
   * Grafana's base URL as the browser showing the web dashboard (/ui) reaches it, for its links to
   * the provisioned dashboards; not the address the components use (GRAFANA_URL, compose's
   * `http://grafana:3000`), which a browser on the host cannot resolve.
   */
  DASHBOARD_GRAFANA_URL: url({ default: 'http://localhost:3000', protocols: ['http', 'https'] }),
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
    readonly chaosEnabled = true,
    readonly defaultTolerationSeconds = 300,
    readonly dashboardGrafanaUrl = 'http://localhost:3000',
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
      c.CHAOS_ENABLED,
      c.DEFAULT_TOLERATION_SECONDS >= 0
        ? c.DEFAULT_TOLERATION_SECONDS
        : nodeLifecycleTimings(c.PROFILE).defaultTolerationSeconds,
      c.DASHBOARD_GRAFANA_URL.replace(/\/+$/, ''),
    );
  }
}
