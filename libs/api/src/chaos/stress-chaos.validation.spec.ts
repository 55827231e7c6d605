import { formatFieldError } from '../errors';
import { defaultChaosExperiment } from './chaos-experiment.defaults';
import { validateChaosExperiment } from './chaos-experiment.validation';
import { validateStressChaos } from './stress-chaos.validation';

const messages = (spec: Record<string, unknown>) => {
  const experiment = {
    apiVersion: 'chaos.orchestra.dev/v1alpha1',
    kind: 'ChaosExperiment',
    metadata: { name: 'x', namespace: 'demo' },
    spec,
  };
  defaultChaosExperiment(experiment);
  return validateChaosExperiment(experiment).map(formatFieldError);
};

describe(validateStressChaos.name, () => {
  it('accepts cpu for cpu-stress and memory for memory-stress, lasting 30s unless said', () => {
    expect(messages({ action: 'cpu-stress', stress: { cpu: '500m' }, containerNames: ['web'] })).toEqual([]);
    expect(messages({ action: 'memory-stress', stress: { memory: '256Mi' }, duration: '1m' })).toEqual([]);
    const obj = { spec: { action: 'cpu-stress', stress: { cpu: '1' } } as Record<string, unknown> };
    defaultChaosExperiment(obj);
    expect(obj.spec.duration).toBe('30s');
  });

  it('names the missing, malformed or misplaced amount', () => {
    expect(messages({ action: 'cpu-stress' })).toEqual([
      'spec.stress.cpu: Required value: the cpu each container takes on',
    ]);
    expect(messages({ action: 'memory-stress', stress: { memory: 'lots', cpu: '1' } })).toEqual([
      'spec.stress.cpu: Forbidden: does not apply to action memory-stress',
      expect.stringMatching(/^spec\.stress\.memory: Invalid value: "lots": /),
    ]);
    expect(messages({ action: 'cpu-stress', stress: { cpu: '0' } })).toEqual([
      'spec.stress.cpu: Invalid value: "0": must be greater than 0',
    ]);
    expect(messages({ action: 'cpu-stress', stress: { cpu: '1' }, duration: '0s' })).toEqual([
      'spec.duration: Invalid value: "0s": cpu-stress must last longer than 0s',
    ]);
    expect(messages({ action: 'pod-kill', stress: { cpu: '1' } })).toEqual([
      'spec.stress: Forbidden: only applies to actions cpu-stress and memory-stress',
    ]);
  });
});
