import { Module, type DynamicModule } from '@nestjs/common';
import { ObservabilityModule } from '@orchestra/observability';
import { CONTROLLER_MANAGER_CONFIG, type ControllerManagerConfig } from './controller-manager.config';
import { ControllerManagerService } from './controller-manager.service';

export const CONTROLLER_MANAGER_COMPONENT = 'kube-controller-manager';

/** The kube-controller-manager process: the controllers with their informers, queues and leader election. */
@Module({})
export class ControllerManagerModule {
  static forRoot(config: ControllerManagerConfig): DynamicModule {
    return {
      module: ControllerManagerModule,
      imports: [ObservabilityModule.forRoot({ component: CONTROLLER_MANAGER_COMPONENT })],
      providers: [{ provide: CONTROLLER_MANAGER_CONFIG, useValue: config }, ControllerManagerService],
      exports: [ControllerManagerService],
    };
  }
}
