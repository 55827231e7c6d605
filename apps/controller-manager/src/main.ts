import './tracing';
import { bootstrapComponent } from '@orchestra/observability';
import { readControllerManagerConfig } from './controller-manager.config';
import { CONTROLLER_MANAGER_COMPONENT, ControllerManagerModule } from './controller-manager.module';

const config = readControllerManagerConfig();
void bootstrapComponent({
  module: ControllerManagerModule.forRoot(config),
  component: CONTROLLER_MANAGER_COMPONENT,
  port: config.CONTROLLER_MANAGER_PORT,
  host: config.BIND_ADDRESS,
});
