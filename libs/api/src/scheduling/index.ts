export * from './node-selector';
