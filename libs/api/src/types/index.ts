export * from './meta.types';
export * from './pod.types';
export * from './node.types';
export * from './service.types';
export * from './misc.types';
export * from './apps.types';
export * from './summary.types';
export * from './policy.types';
