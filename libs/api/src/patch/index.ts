export * from './apply-patch';
export * from './json-merge-patch';
export * from './json-patch';
export * from './strategic-merge-patch';
export * from './patch-merge-keys';
