export * from './current-tracing';
export * from './tracing';
