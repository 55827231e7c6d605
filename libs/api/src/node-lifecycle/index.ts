export * from './timing-profiles';
export * from './tolerations';
export * from './well-known-taints';
