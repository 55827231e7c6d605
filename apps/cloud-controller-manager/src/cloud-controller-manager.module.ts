import { Module, type DynamicModule } from '@nestjs/common';
import { ObservabilityModule } from '@orchestra/observability';
import { CloudApiController } from './cloud/cloud-api.controller';
import {
  CLOUD_CONTROLLER_MANAGER_CONFIG,
  type CloudControllerManagerConfig,
} from './cloud-controller-manager.config';
import { CloudControllerManagerService } from './cloud-controller-manager.service';

export const CLOUD_CONTROLLER_MANAGER_COMPONENT = 'cloud-controller-manager';

/** The cloud-controller-manager process: the simulated cloud, its API, and the cloud controllers. */
@Module({})
export class CloudControllerManagerModule {
  static forRoot(config: CloudControllerManagerConfig): DynamicModule {
    return {
      module: CloudControllerManagerModule,
      imports: [ObservabilityModule.forRoot({ component: CLOUD_CONTROLLER_MANAGER_COMPONENT })],
      controllers: [CloudApiController],
      providers: [
        { provide: CLOUD_CONTROLLER_MANAGER_CONFIG, useValue: config },
        CloudControllerManagerService,
      ],
      exports: [CloudControllerManagerService],
    };
  }
}
