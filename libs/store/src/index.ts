export * from './store-keys';
export * from './change-event';
export * from './change-feed';
export * from './continue-token';
export * from './redis-connection';
export * from './redis-store';
export * from './store-observer';
