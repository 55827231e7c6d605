import { Module, type DynamicModule } from '@nestjs/common';
import { ObservabilityModule } from '@orchestra/observability';
import { CLUSTER_DNS_CONFIG, type ClusterDnsConfig } from './cluster-dns.config';
import { ClusterDnsService } from './cluster-dns.service';

export const CLUSTER_DNS_COMPONENT = 'cluster-dns';

/** The cluster DNS addon (CoreDNS): the cluster's Services and Pods as DNS names. */
@Module({})
export class ClusterDnsModule {
  static forRoot(config: ClusterDnsConfig): DynamicModule {
    return {
      module: ClusterDnsModule,
      imports: [ObservabilityModule.forRoot({ component: CLUSTER_DNS_COMPONENT })],
      providers: [{ provide: CLUSTER_DNS_CONFIG, useValue: config }, ClusterDnsService],
      exports: [ClusterDnsService],
    };
  }
}
