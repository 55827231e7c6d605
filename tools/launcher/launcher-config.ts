/** The playground's ports and Redis, from the environment (documented in the README). */
import { int, port, readEnv, str } from '@orchestra/observability';

export const launcherEnv = {
  REDIS_URL: str({ default: '' }),
  /** Port for the playground's own redis-server; 0 picks a free one each start. */
  ORCHESTRA_REDIS_PORT: port({ default: 0 }),
  APISERVER_PORT: port({ default: 8080 }),
  SCHEDULER_PORT: port({ default: 10259 }),
  CONTROLLER_MANAGER_PORT: port({ default: 10257 }),
  KUBELET_PORT: port({ default: 10250 }),
  PROXY_PORT: port({ default: 10256 }),
  /** Where Services answer: http://127.0.0.1:<port>/<namespace>/<service>/... */
  PROXY_TRAFFIC_PORT: port({ default: 10080 }),
  ORCHESTRA_STATE_DIR: str({ default: '.orchestra' }),
  /** Simulated nodes the playground's kubelet runs (`node-1` … `node-N`). */
  ORCHESTRA_NODES: int({ default: 3, min: 0, max: 1000 }),
};

export type LauncherConfig = ReturnType<typeof readLauncherConfig>;

export function readLauncherConfig(env: NodeJS.ProcessEnv = process.env) {
  return readEnv(launcherEnv, env);
}

/** The components the launcher runs, in start order, with the env var that sets each one's port. */
export const components = [
  { name: 'apiserver', portVar: 'APISERVER_PORT' },
  { name: 'scheduler', portVar: 'SCHEDULER_PORT' },
  { name: 'controller-manager', portVar: 'CONTROLLER_MANAGER_PORT' },
  { name: 'kubelet', portVar: 'KUBELET_PORT' },
  { name: 'proxy', portVar: 'PROXY_PORT' },
] as const;
