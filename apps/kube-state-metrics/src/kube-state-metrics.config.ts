import { componentEnv, port, readEnv, type EnvConfig } from '@orchestra/observability';

export const kubeStateMetricsEnv = {
  ...componentEnv,
  /**
   * Where /metrics, /healthz and /readyz are served. kube-state-metrics' own port is 8080, which
   * is the apiserver's here, so 8081 (kube-state-metrics' telemetry port) is the default.
   */
  KUBE_STATE_METRICS_PORT: port({ default: 8081 }),
};

export type KubeStateMetricsConfig = EnvConfig<typeof kubeStateMetricsEnv>;

export const KUBE_STATE_METRICS_CONFIG = Symbol('KUBE_STATE_METRICS_CONFIG');

export function readKubeStateMetricsConfig(env: NodeJS.ProcessEnv = process.env): KubeStateMetricsConfig {
  return readEnv(kubeStateMetricsEnv, env);
}
