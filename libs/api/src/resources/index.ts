export * from './resource-definition';
export * from './builtin-resources';
export * from './resource-catalog';
