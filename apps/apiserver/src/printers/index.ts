export * from './human-duration';
export * from './printer';
export * from './printer-registry';
export * from './table-negotiation';
export * from './table.types';
export * from './to-table';
