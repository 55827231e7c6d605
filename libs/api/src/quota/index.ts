export * from './resource-list';
export * from './quota-usage';
export * from './quota-scopes';
