import './tracing';
import { bootstrapComponent } from '@orchestra/observability';
import { readProxyConfig } from './proxy.config';
import { PROXY_COMPONENT, ProxyModule } from './proxy.module';

const config = readProxyConfig();
void bootstrapComponent({
  module: ProxyModule.forRoot(config),
  component: PROXY_COMPONENT,
  port: config.PROXY_PORT,
  host: config.BIND_ADDRESS,
});
