import './tracing';
import { bootstrapComponent } from '@orchestra/observability';
import { readSchedulerConfig } from './scheduler.config';
import { SCHEDULER_COMPONENT, SchedulerModule } from './scheduler.module';

const config = readSchedulerConfig();
void bootstrapComponent({
  module: SchedulerModule.forRoot(config),
  component: SCHEDULER_COMPONENT,
  port: config.SCHEDULER_PORT,
  host: config.BIND_ADDRESS,
});
