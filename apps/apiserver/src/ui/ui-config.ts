/** What the dashboard page learns from `/ui/config.json`: where Grafana is, and its dashboards. */
import type { ApiserverConfig } from '../apiserver.config';

/** The `uid`s of the dashboards provisioned from grafana/dashboards/*.json (checked by ui.spec.ts). */
export const grafanaDashboards = [
  { id: 'self-healing', title: 'Self-healing', uid: 'orchestra-self-healing' },
  { id: 'cluster-overview', title: 'Cluster overview', uid: 'orchestra-cluster-overview' },
  { id: 'workloads', title: 'Workloads', uid: 'orchestra-workloads' },
  { id: 'control-plane', title: 'Control plane', uid: 'orchestra-control-plane' },
] as const;

export interface UiConfig {
  /** DASHBOARD_GRAFANA_URL, without a trailing slash. */
  grafanaUrl: string;
  dashboards: { id: string; title: string; uid: string; url: string }[];
  chaosEnabled: boolean;
}

export function uiConfig(config: ApiserverConfig): UiConfig {
  return {
    grafanaUrl: config.dashboardGrafanaUrl,
    dashboards: grafanaDashboards.map((d) => ({ ...d, url: `${config.dashboardGrafanaUrl}/d/${d.uid}` })),
    chaosEnabled: config.chaosEnabled,
  };
}
