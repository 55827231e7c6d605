import { formatFieldError } from '../errors';
import { defaultChaosExperiment } from './chaos-experiment.defaults';
import { validateChaosExperiment } from './chaos-experiment.validation';

const experiment = (spec: Record<string, unknown>) => ({
  apiVersion: 'chaos.orchestra.dev/v1alpha1',
  kind: 'ChaosExperiment',
  metadata: { name: 'x', namespace: 'demo' },
  spec,
});
const messages = (spec: Record<string, unknown>) =>
  validateChaosExperiment(experiment(spec)).map(formatFieldError);

describe('store-latency validation', () => {
  it('accepts a delay, a jitter and the operations to slow', () => {
    expect(
      messages({
        action: 'store-latency',
        duration: '10s',
        storeLatency: { delay: '200ms', jitter: '50ms', operations: ['get', 'list', 'watch'] },
      }),
    ).toEqual([]);
    expect(messages({ action: 'store-latency', storeLatency: { delay: '1s' } })).toEqual([]);
  });

  it('names every bad field', () => {
    expect(
      messages({
        action: 'store-latency',
        duration: '0s',
        selector: { namespaces: ['demo'] },
        containerNames: ['app'],
        storeLatency: { jitter: 'soon', operations: ['get', 'scan'] },
      }),
    ).toEqual([
      'spec.selector: Forbidden: does not apply to action store-latency (it slows the apiserver)',
      'spec.containerNames: Forbidden: does not apply to action store-latency (it slows the apiserver)',
      'spec.duration: Invalid value: "0s": store-latency must last longer than 0s',
      'spec.storeLatency.delay: Required value',
      'spec.storeLatency.jitter: Invalid value: "soon": must be a duration such as "30s", "1m30s" or "500ms"',
      'spec.storeLatency.operations[1]: Unsupported value: "scan": supported values: "get", "list", "create", "update", "delete", "watch"',
    ]);
    expect(messages({ action: 'store-latency' })).toEqual(['spec.storeLatency: Required value']);
  });

  it('refuses storeLatency on another action', () => {
    expect(messages({ action: 'pod-kill', storeLatency: { delay: '1s' } })).toEqual([
      'spec.storeLatency: Forbidden: only applies to action store-latency',
    ]);
  });

  it('is a lasting fault: 30s unless told', () => {
    const object = experiment({ action: 'store-latency', storeLatency: { delay: '100ms' } });
    defaultChaosExperiment(object);
    expect(object.spec.duration).toBe('30s');
  });
});
