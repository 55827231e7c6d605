import './tracing';
import 'reflect-metadata';
import { bootstrapComponent } from '@orchestra/observability';
import { ApiserverConfig } from './apiserver.config';
import { ApiserverModule } from './apiserver.module';

const config = ApiserverConfig.fromEnv();
void bootstrapComponent({
  module: ApiserverModule.forRoot(config),
  component: 'kube-apiserver',
  port: config.port,
  host: config.bindAddress,
  // Bodies are read by the API handlers themselves: JSON, YAML and the patch types, 3 MiB at most.
  bodyParser: false,
});
