import './tracing';
import { bootstrapComponent } from '@orchestra/observability';
import { readKubeletConfig } from './kubelet.config';
import { KUBELET_COMPONENT, KubeletModule } from './kubelet.module';
import { simulatedRuntimeFactory } from './simulated-runtime.factory';

const config = readKubeletConfig();
void bootstrapComponent({
  module: KubeletModule.forRoot(config, simulatedRuntimeFactory),
  component: KUBELET_COMPONENT,
  port: config.KUBELET_PORT,
  host: config.BIND_ADDRESS,
  // Pod traffic is handed to the pods' workloads with its body unread.
  bodyParser: false,
});
