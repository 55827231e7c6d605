import './tracing';
import { bootstrapComponent } from '@orchestra/observability';
import { readKubeStateMetricsConfig } from './kube-state-metrics.config';
import { KUBE_STATE_METRICS_COMPONENT, KubeStateMetricsModule } from './kube-state-metrics.module';

const config = readKubeStateMetricsConfig();
void bootstrapComponent({
  module: KubeStateMetricsModule.forRoot(config),
  component: KUBE_STATE_METRICS_COMPONENT,
  port: config.KUBE_STATE_METRICS_PORT,
  host: config.BIND_ADDRESS,
});
