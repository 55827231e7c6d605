export * from './backoff';
export * from './controller-loop';
export * from './queue-names';
export * from './reconcile-job';
export * from './reconciler';
export * from './resync';
export * from './work-queue';
export * from './workqueue.metrics';
