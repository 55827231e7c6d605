export * from './resource-definition';
export * from './builtin-resources';
export * from './create-only-resources';
export * from './resource-catalog';
