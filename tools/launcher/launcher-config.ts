/** The playground's ports and Redis, from the environment (documented in the README). */
import { PROFILES } from '@orchestra/api';
import { int, oneOf, port, readEnv, str } from '@orchestra/observability';

export const launcherEnv = {
  REDIS_URL: str({ default: '' }),
  /** Port for the playground's own redis-server; 0 picks a free one each start. */
  ORCHESTRA_REDIS_PORT: port({ default: 0 }),
  APISERVER_PORT: port({ default: 8080 }),
  SCHEDULER_PORT: port({ default: 10259 }),
  CONTROLLER_MANAGER_PORT: port({ default: 10257 }),
  /** kube-state-metrics' own 8080 is the apiserver's here; 8081 is its telemetry port's number. */
  KUBE_STATE_METRICS_PORT: port({ default: 8081 }),
  KUBELET_PORT: port({ default: 10250 }),
  PROXY_PORT: port({ default: 10256 }),
  /** The cloud-controller-manager (and the simulated cloud's API, /cloud/v1/...). */
  CLOUD_CONTROLLER_MANAGER_PORT: port({ default: 10258 }),
  /** The cloud's node pool the cluster autoscaler grows into (`pool-node-1` … `-N`); 0: none. */
  ORCHESTRA_NODE_POOL_SIZE: int({ default: 3, min: 0, max: 100 }),
  /** Where Services answer: http://127.0.0.1:<port>/<namespace>/<service>/... */
  PROXY_TRAFFIC_PORT: port({ default: 10090 }),
  /** The cluster DNS addon's DNS port (UDP and TCP): `dig @127.0.0.1 -p 10053 …`; 53 would need root. */
  CLUSTER_DNS_PORT: port({ default: 10053 }),
  /** Its /metrics, /healthz and /readyz: CoreDNS' metrics port. */
  CLUSTER_DNS_METRICS_PORT: port({ default: 9153 }),
  /** The machine's Prometheus, started when installed (`prometheus` on the PATH). */
  PROMETHEUS_PORT: port({ default: 9090 }),
  /** `off` skips Prometheus even when it is installed. */
  ORCHESTRA_PROMETHEUS: oneOf(['on', 'off'] as const, { default: 'on' }),
  ORCHESTRA_PROMETHEUS_SCRAPE_INTERVAL: str({ default: '15s' }),
  ORCHESTRA_STATE_DIR: str({ default: '.orchestra' }),
  /** Simulated nodes the playground's kubelet runs (`node-1` … `node-N`); `--nodes` wins. */
  ORCHESTRA_NODES: int({ default: 3, min: 0, max: 1000 }),
  /** The node-failure timings every component gets (see @orchestra/api timing-profiles); `--profile` wins. */
  PROFILE: oneOf(PROFILES, { default: 'playground' }),
};

export type LauncherConfig = ReturnType<typeof readLauncherConfig>;

export function readLauncherConfig(env: NodeJS.ProcessEnv = process.env) {
  return readEnv(launcherEnv, env);
}

/**
 * The kubelet's node flags. It holds every simulated node and pod in one heap, and V8's default
 * heap growth leaves it several times its live size (1,000 nodes / 10,000 pods: 1.1 GiB instead
 * of ~300 MiB, `npm run bench:nodes`); `--optimize-for-size` collects sooner for some CPU. Only
 * the kubelet: on the scheduler it costs a third of its throughput (`npm run bench:scheduler`).
 */
export const KUBELET_NODE_ARGS = ['--optimize-for-size'] as const;

/**
 * The components the launcher runs, in start order, with the env var that sets each one's port
 * and the flags its node process gets.
 */
export const components = [
  { name: 'apiserver', portVar: 'APISERVER_PORT', nodeArgs: [] },
  { name: 'scheduler', portVar: 'SCHEDULER_PORT', nodeArgs: [] },
  { name: 'controller-manager', portVar: 'CONTROLLER_MANAGER_PORT', nodeArgs: [] },
  { name: 'kube-state-metrics', portVar: 'KUBE_STATE_METRICS_PORT', nodeArgs: [] },
  { name: 'cloud-controller-manager', portVar: 'CLOUD_CONTROLLER_MANAGER_PORT', nodeArgs: [] },
  { name: 'kubelet', portVar: 'KUBELET_PORT', nodeArgs: KUBELET_NODE_ARGS },
  { name: 'proxy', portVar: 'PROXY_PORT', nodeArgs: [] },
  { name: 'cluster-dns', portVar: 'CLUSTER_DNS_METRICS_PORT', nodeArgs: [] },
] as const;
