export * from './node-tree';
export * from './snapshot';
export * from './scheduler-cache';
