import { formatFieldError } from '../errors';
import { defaultChaosExperiment } from './chaos-experiment.defaults';
import { validateChaosExperiment } from './chaos-experiment.validation';
import { validateComponentChaos } from './component-chaos.validation';

const messages = (spec: Record<string, unknown>, namespace = 'demo') => {
  const experiment = {
    apiVersion: 'chaos.orchestra.dev/v1alpha1',
    kind: 'ChaosExperiment',
    metadata: { name: 'x', namespace },
    spec,
  };
  defaultChaosExperiment(experiment);
  return validateChaosExperiment(experiment).map(formatFieldError);
};

describe(validateComponentChaos.name, () => {
  it('accepts a kill or a pause of each component, a kubelet picked by its nodes', () => {
    for (const component of ['scheduler', 'controller-manager', 'proxy', 'cluster-dns'])
      expect(messages({ action: 'component-kill', component })).toEqual([]);
    expect(messages({ action: 'component-pause', component: 'scheduler', duration: '5s' })).toEqual([]);
    expect(
      messages({ action: 'component-kill', component: 'kubelet', selector: { nodes: ['node-1'] } }),
    ).toEqual([]);
    expect(
      messages({
        action: 'component-pause',
        component: 'kubelet',
        selector: { labelSelector: 'zone=a' },
        mode: 'all',
      }),
    ).toEqual([]);
    // It hits a process, not pods: the experiment may live in kube-system.
    expect(messages({ action: 'component-kill', component: 'scheduler' }, 'kube-system')).toEqual([]);
  });

  it('names the field that is missing, unknown or does not apply', () => {
    expect(messages({ action: 'component-kill' })).toEqual([
      'spec.component: Required value: one of "scheduler", "controller-manager", "kubelet", "proxy", "cluster-dns"',
    ]);
    expect(messages({ action: 'component-kill', component: 'apiserver' })).toEqual([
      'spec.component: Unsupported value: "apiserver": supported values: "scheduler", "controller-manager", "kubelet", "proxy", "cluster-dns"',
    ]);
    expect(
      messages({
        action: 'component-kill',
        component: 'scheduler',
        selector: { nodes: ['node-1'] },
        mode: 'fixed',
        value: 2,
      }),
    ).toEqual([
      'spec.selector: Forbidden: does not apply to component scheduler (only a kubelet is picked by a selector)',
      'spec.value: Forbidden: does not apply to component scheduler (only a kubelet is picked by a selector)',
    ]);
    expect(
      messages({
        action: 'component-kill',
        component: 'kubelet',
        selector: { names: ['web-1'] },
        containerNames: ['web'],
      }),
    ).toEqual([
      'spec.selector.names: Forbidden: does not apply to action component-kill (a kubelet is picked by its nodes: use selector.nodes or a node labelSelector)',
      'spec.containerNames: Forbidden: does not apply to action component-kill (it hits a process)',
    ]);
    expect(messages({ action: 'pod-kill', component: 'scheduler' })).toEqual([
      'spec.component: Forbidden: only applies to actions component-kill and component-pause',
    ]);
  });

  it('a kill is instant and a pause lasts (30s unless said)', () => {
    expect(messages({ action: 'component-kill', component: 'proxy', duration: '10s' })).toEqual([
      'spec.duration: Invalid value: "10s": component-kill is instant: the process is restarted at once',
    ]);
    expect(messages({ action: 'component-pause', component: 'proxy', duration: '0s' })).toEqual([
      'spec.duration: Invalid value: "0s": component-pause must last longer than 0s',
    ]);
    const obj = { spec: { action: 'component-pause', component: 'proxy' } as Record<string, unknown> };
    defaultChaosExperiment(obj);
    expect(obj.spec.duration).toBe('30s');
  });
});
