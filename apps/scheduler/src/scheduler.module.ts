import { Module, type DynamicModule } from '@nestjs/common';
import { ObservabilityModule } from '@orchestra/observability';
import { SCHEDULER_CONFIG, type SchedulerConfig } from './scheduler.config';
import { SchedulerService } from './scheduler.service';

export const SCHEDULER_COMPONENT = 'kube-scheduler';

/** The kube-scheduler process: the scheduler with its informers, queue and leader election. */
@Module({})
export class SchedulerModule {
  static forRoot(config: SchedulerConfig): DynamicModule {
    return {
      module: SchedulerModule,
      imports: [ObservabilityModule.forRoot({ component: SCHEDULER_COMPONENT })],
      providers: [{ provide: SCHEDULER_CONFIG, useValue: config }, SchedulerService],
      exports: [SchedulerService],
    };
  }
}
