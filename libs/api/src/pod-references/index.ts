export * from './pod-references';
