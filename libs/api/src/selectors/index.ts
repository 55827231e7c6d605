export * from './label-requirement';
export * from './label-selector';
export * from './label-selector.validation';
export * from './field-selector';
