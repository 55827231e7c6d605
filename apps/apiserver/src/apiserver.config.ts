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

  // The gatekeeper: authentication, authorization, limits, audit (kube-apiserver's flags of the same names).
  /** kube-apiserver's --token-auth-file: CSV lines `token,user,uid,"group1,group2"`. */
  TOKEN_AUTH_FILE: str({ default: '' }),
  /** PEM private key (RSA or EC) that signs ServiceAccount tokens; unset, a key made at start (tokens die with the process). */
  SERVICE_ACCOUNT_KEY_FILE: str({ default: '' }),
  /** The `iss` of the ServiceAccount tokens this apiserver signs and accepts. */
  SERVICE_ACCOUNT_ISSUER: str({ default: 'https://kubernetes.default.svc.cluster.local' }),
  /** --anonymous-auth: requests without a token act as system:anonymous instead of getting 401. */
  ANONYMOUS_AUTH: bool({ default: false }),
  /** --authorization-mode: authorizers in order, comma-separated, of Node, RBAC and AlwaysAllow. */
  AUTHORIZATION_MODE: str({ default: 'Node,RBAC' }),
  /** --tls-cert-file / --tls-private-key-file: serve HTTPS. Without them, plain HTTP, on a loopback BIND_ADDRESS only. */
  TLS_CERT_FILE: str({ default: '' }),
  TLS_PRIVATE_KEY_FILE: str({ default: '' }),
  /** --max-requests-inflight and --max-mutating-requests-inflight; beyond them, 429 with Retry-After. */
  MAX_REQUESTS_INFLIGHT: int({ default: 400, min: 1 }),
  MAX_MUTATING_REQUESTS_INFLIGHT: int({ default: 200, min: 1 }),
  /** --request-timeout for everything but watches and log streams: 504 after it. */
  REQUEST_TIMEOUT_SECONDS: int({ default: 60, min: 1 }),
  /** Chaos injections one user may request per minute (POST /chaos/v1 and ChaosExperiment creates); beyond, 429. */
  CHAOS_REQUESTS_PER_USER_PER_MINUTE: int({ default: 30, min: 1 }),
  /** --audit-log-path: `-` writes audit events to stdout with the logs (Fluentd ships them); a path writes JSON lines there. */
  AUDIT_LOG_PATH: str({ default: '-' }),
  /** The audit level of requests the policy does not single out (None, Metadata, Request, RequestResponse); chaos is always RequestResponse. */
  AUDIT_LEVEL: oneOf(['None', 'Metadata', 'Request', 'RequestResponse'], { default: 'Metadata' }),
};

export const authorizationModes = ['Node', 'RBAC', 'AlwaysAllow'] as const;
export type AuthorizationMode = (typeof authorizationModes)[number];
export type AuditLevel = 'None' | 'Metadata' | 'Request' | 'RequestResponse';

/** The gatekeeper's settings (see apiserverEnv for each one's meaning). */
export interface GatekeeperConfig {
  tokenAuthFile?: string;
  serviceAccountKeyFile?: string;
  serviceAccountIssuer: string;
  anonymousAuth: boolean;
  authorizationModes: AuthorizationMode[];
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  maxRequestsInflight: number;
  maxMutatingRequestsInflight: number;
  requestTimeoutSeconds: number;
  chaosRequestsPerUserPerMinute: number;
  auditLogPath: string;
  auditLevel: AuditLevel;
}

export const defaultGatekeeperConfig: GatekeeperConfig = {
  serviceAccountIssuer: 'https://kubernetes.default.svc.cluster.local',
  anonymousAuth: false,
  authorizationModes: ['Node', 'RBAC'],
  maxRequestsInflight: 400,
  maxMutatingRequestsInflight: 200,
  requestTimeoutSeconds: 60,
  chaosRequestsPerUserPerMinute: 30,
  auditLogPath: '-',
  auditLevel: 'Metadata',
};

/** `Node,RBAC` → ['Node', 'RBAC'], failing on an unknown mode with the variable's name. */
export function parseAuthorizationModes(text: string): AuthorizationMode[] {
  const modes = text
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  for (const mode of modes) {
    if (!(authorizationModes as readonly string[]).includes(mode)) {
      throw new Error(
        `AUTHORIZATION_MODE: unknown mode "${mode}": the modes are ${authorizationModes.join(', ')}`,
      );
    }
  }
  if (modes.length === 0) throw new Error('AUTHORIZATION_MODE: name at least one mode (e.g. Node,RBAC)');
  return modes as AuthorizationMode[];
}

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
    readonly gatekeeper: GatekeeperConfig = defaultGatekeeperConfig,
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
      {
        tokenAuthFile: c.TOKEN_AUTH_FILE || undefined,
        serviceAccountKeyFile: c.SERVICE_ACCOUNT_KEY_FILE || undefined,
        serviceAccountIssuer: c.SERVICE_ACCOUNT_ISSUER,
        anonymousAuth: c.ANONYMOUS_AUTH,
        authorizationModes: parseAuthorizationModes(c.AUTHORIZATION_MODE),
        tlsCertFile: c.TLS_CERT_FILE || undefined,
        tlsPrivateKeyFile: c.TLS_PRIVATE_KEY_FILE || undefined,
        maxRequestsInflight: c.MAX_REQUESTS_INFLIGHT,
        maxMutatingRequestsInflight: c.MAX_MUTATING_REQUESTS_INFLIGHT,
        requestTimeoutSeconds: c.REQUEST_TIMEOUT_SECONDS,
        chaosRequestsPerUserPerMinute: c.CHAOS_REQUESTS_PER_USER_PER_MINUTE,
        auditLogPath: c.AUDIT_LOG_PATH,
        auditLevel: c.AUDIT_LEVEL,
      },
    );
  }
}
