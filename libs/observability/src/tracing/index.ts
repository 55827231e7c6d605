export * from './current-tracing';
export * from './tracing';
export * from './trace-context';
