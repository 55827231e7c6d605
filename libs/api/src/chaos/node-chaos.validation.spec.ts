import { formatFieldError } from '../errors';
import { defaultChaosExperiment } from './chaos-experiment.defaults';
import { validateChaosExperiment } from './chaos-experiment.validation';
import { validateNodeChaos } from './node-chaos.validation';

const messages = (spec: unknown, namespace = 'demo') =>
  validateChaosExperiment({
    apiVersion: 'chaos.orchestra.dev/v1alpha1',
    kind: 'ChaosExperiment',
    metadata: { name: 'x', namespace },
    spec,
  }).map(formatFieldError);

describe(validateNodeChaos.name, () => {
  it('accepts a node-drain picking nodes by name or label, with a grace period, kept cordoned or not', () => {
    expect(
      messages({
        action: 'node-drain',
        selector: { nodes: ['node-1'] },
        gracePeriodSeconds: 0,
        leaveCordoned: true,
      }),
    ).toEqual([]);
    expect(messages({ action: 'node-drain', selector: { labelSelector: 'zone=a' }, mode: 'all' })).toEqual(
      [],
    );
    // A node action is not a pod action in kube-system: the experiment may live there.
    expect(messages({ action: 'node-drain', selector: { nodes: ['node-1'] } }, 'kube-system')).toEqual([]);
  });

  it('refuses the pod-picking fields and leaveCordoned elsewhere', () => {
    expect(
      messages({
        action: 'node-drain',
        selector: { namespaces: ['demo'], names: ['web-1'] },
        containerNames: ['web'],
        leaveCordoned: 'yes',
      }),
    ).toEqual([
      'spec.leaveCordoned: Invalid value: "yes": must be a boolean',
      'spec.selector.namespaces: Forbidden: does not apply to action node-drain (it picks nodes: use selector.nodes or a node labelSelector)',
      'spec.selector.names: Forbidden: does not apply to action node-drain (it picks nodes: use selector.nodes or a node labelSelector)',
      'spec.containerNames: Forbidden: does not apply to action node-drain (it hits nodes)',
    ]);
    expect(messages({ action: 'pod-kill', leaveCordoned: true })).toEqual([
      'spec.leaveCordoned: Forbidden: only applies to action node-drain',
    ]);
  });

  it('node-down and node-partition must last: the kubelet ends them at their end time', () => {
    expect(messages({ action: 'node-down', selector: { nodes: ['node-1'] }, duration: '20s' })).toEqual([]);
    expect(messages({ action: 'node-down', duration: '0s' })).toEqual([
      'spec.duration: Invalid value: "0s": node-down must last longer than 0s',
    ]);
    expect(messages({ action: 'node-partition', duration: '0s' })).toEqual([
      'spec.duration: Invalid value: "0s": node-partition must last longer than 0s',
    ]);
    const obj = { spec: { action: 'node-down' } as Record<string, unknown> };
    defaultChaosExperiment(obj);
    expect(obj.spec.duration).toBe('30s');
  });

  it('gives a drain a duration: the node stays cordoned for it', () => {
    const obj = { spec: { action: 'node-drain' } as Record<string, unknown> };
    defaultChaosExperiment(obj);
    expect(obj.spec.duration).toBe('30s');
  });
});
