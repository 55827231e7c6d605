export * from './pod.defaults';
export * from './deployment.defaults';
export * from './replicaset.defaults';
export * from './service.defaults';
export * from './namespace.defaults';
export * from './node.defaults';
export * from './endpoints.defaults';
export * from './policy.defaults';
