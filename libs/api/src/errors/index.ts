export * from './field-error';
export * from './api-error';
