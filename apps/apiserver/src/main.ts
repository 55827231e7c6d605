import './tracing';
import 'reflect-metadata';
import { bootstrapComponent } from '@orchestra/observability';
import { ApiserverConfig } from './apiserver.config';
import { ApiserverModule } from './apiserver.module';
import { servingTls } from './serving-tls';

const config = ApiserverConfig.fromEnv();
void bootstrapComponent({
  module: ApiserverModule.forRoot(config),
  component: 'kube-apiserver',
  port: config.port,
  host: config.bindAddress,
  // Bodies are read by the API handlers themselves: JSON, YAML and the patch types, 3 MiB at most.
  bodyParser: false,
  // HTTPS with TLS_CERT_FILE/TLS_PRIVATE_KEY_FILE; plain HTTP only on a loopback BIND_ADDRESS.
  httpsOptions: () => servingTls({ bindAddress: config.bindAddress, ...config.gatekeeper }),
});
