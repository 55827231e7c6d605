import { Module, type DynamicModule } from '@nestjs/common';
import { ObservabilityModule } from '@orchestra/observability';
import { LoadController } from './load/load.controller';
import { PROXY_CONFIG, type ProxyConfig } from './proxy.config';
import { ProxyService } from './proxy.service';

export const PROXY_COMPONENT = 'kube-proxy';

/** The kube-proxy process: Service routing (traffic port, NodePorts) and the load generator. */
@Module({})
export class ProxyModule {
  static forRoot(config: ProxyConfig): DynamicModule {
    return {
      module: ProxyModule,
      imports: [ObservabilityModule.forRoot({ component: PROXY_COMPONENT })],
      controllers: [LoadController],
      providers: [{ provide: PROXY_CONFIG, useValue: config }, ProxyService],
      exports: [ProxyService],
    };
  }
}
