import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The process's Prometheus registry, injected with `@Inject(METRICS_REGISTRY)`: apps register
 * their own metrics on it (`new Counter({ ..., registers: [registry] })`) rather than on
 * prom-client's global one, so a test can boot several components in one process.
 */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** A registry with process/nodejs metrics and a `component` label on every series. */
export function createMetricsRegistry(component: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ component });
  collectDefaultMetrics({ register: registry });
  return registry;
}
