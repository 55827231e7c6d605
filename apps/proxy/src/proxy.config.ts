import { bool, componentEnv, int, port, readEnv, type EnvConfig } from '@orchestra/observability';
import { loadTargetsVar } from './load/load-target';

export const proxyEnv = {
  ...componentEnv,
  /** kube-proxy's healthz port; Orchestra serves /metrics (and PUT /load) there too. */
  PROXY_PORT: port({ default: 10256 }),
  /**
   * Where Service traffic comes in (`/<namespace>/<service>/…` or by Host header). Not 10080:
   * that is on the Fetch standard's list of "bad ports", which browsers and Node's fetch refuse.
   */
  PROXY_TRAFFIC_PORT: port({ default: 10090 }),
  /** Open a listener on each NodePort Service's nodePort (on BIND_ADDRESS). */
  PROXY_NODE_PORTS: bool({ default: true }),
  /**
   * Listen on `<ingress ip>:<port>` for each LoadBalancer Service's address (given by the
   * cloud-controller-manager): what the cloud's load balancer would forward, served here.
   */
  PROXY_LOAD_BALANCERS: bool({ default: true }),
  /** Until the upstream's response headers (→ 504), and the longest idle gap while streaming. */
  PROXY_UPSTREAM_TIMEOUT_MS: int({ default: 10_000, min: 1 }),
  /** Sockets to one kubelet at most (one keep-alive agent per kubelet, not a socket per pod). */
  PROXY_UPSTREAM_MAX_SOCKETS: int({ default: 64, min: 1, max: 10_000 }),
  /** Steady load: `default/web=20,default/api=5:/hello` (requests per second per Service). */
  LOAD_TARGETS: loadTargetsVar(),
  LOAD_TIMEOUT_MS: int({ default: 5_000, min: 1 }),
};

export type ProxyConfig = EnvConfig<typeof proxyEnv>;

export const PROXY_CONFIG = Symbol('PROXY_CONFIG');

export function readProxyConfig(env: NodeJS.ProcessEnv = process.env): ProxyConfig {
  return readEnv(proxyEnv, env);
}
