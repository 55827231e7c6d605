import './tracing';
import { bootstrapComponent } from '@orchestra/observability';
import { readClusterDnsConfig } from './cluster-dns.config';
import { CLUSTER_DNS_COMPONENT, ClusterDnsModule } from './cluster-dns.module';

const config = readClusterDnsConfig();
void bootstrapComponent({
  module: ClusterDnsModule.forRoot(config),
  component: CLUSTER_DNS_COMPONENT,
  port: config.CLUSTER_DNS_METRICS_PORT,
  host: config.BIND_ADDRESS,
});
