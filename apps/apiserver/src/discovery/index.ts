export * from './accept-header';
export * from './aggregated-discovery';
export * from './discovery.types';
export * from './legacy-discovery';
export * from './openapi';
export * from './openapi-v2';
export * from './openapi.types';
export * from './version';
