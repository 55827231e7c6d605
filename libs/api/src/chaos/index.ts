export * from './chaos.types';
export * from './chaos-annotations';
export * from './go-duration';
export * from './chaos-experiment.validation';
export * from './chaos-experiment.defaults';
export * from './chaos-queue-stall';
export * from './component-chaos';
