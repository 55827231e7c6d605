export * from './resource-list';
export * from './quota-usage';
