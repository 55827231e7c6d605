import './tracing';
import { bootstrapComponent } from '@orchestra/observability';
import { readCloudControllerManagerConfig } from './cloud-controller-manager.config';
import {
  CLOUD_CONTROLLER_MANAGER_COMPONENT,
  CloudControllerManagerModule,
} from './cloud-controller-manager.module';

const config = readCloudControllerManagerConfig();
void bootstrapComponent({
  module: CloudControllerManagerModule.forRoot(config),
  component: CLOUD_CONTROLLER_MANAGER_COMPONENT,
  port: config.CLOUD_CONTROLLER_MANAGER_PORT,
  host: config.BIND_ADDRESS,
});
