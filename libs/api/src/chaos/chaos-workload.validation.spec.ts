import { formatFieldError } from '../errors';
import { validateChaosExperiment } from './chaos-experiment.validation';
import { validateWorkloadSelector } from './chaos-workload.validation';

const messages = (spec: unknown) =>
  validateChaosExperiment({
    apiVersion: 'chaos.orchestra.dev/v1alpha1',
    kind: 'ChaosExperiment',
    metadata: { name: 'x', namespace: 'demo' },
    spec,
  }).map(formatFieldError);

describe(validateWorkloadSelector.name, () => {
  it.each(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'])(
    'accepts a pod action on the pods of a %s, with labels and nodes narrowing them further',
    (kind) => {
      expect(
        messages({
          action: 'pod-kill',
          selector: { workload: { kind, name: 'node-agent' }, labelSelector: 'tier=edge', nodes: ['node-1'] },
          mode: 'all',
        }),
      ).toEqual([]);
    },
  );

  it('names each wrong field: the kind, the name, anything else', () => {
    expect(
      messages({
        action: 'pod-kill',
        selector: { workload: { kind: 'Pod', name: 'Web_1', namespace: 'other' } },
      }),
    ).toEqual([
      'spec.selector.workload.kind: Unsupported value: "Pod": supported values: "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob"',
      expect.stringMatching(/^spec\.selector\.workload\.name: Invalid value: "Web_1": /),
      'spec.selector.workload.namespace: Forbidden: a workload is named by kind and name, in the selected namespaces',
    ]);
    expect(messages({ action: 'pod-kill', selector: { workload: {} } })).toEqual([
      'spec.selector.workload.kind: Required value: one of Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob',
      'spec.selector.workload.name: Required value',
    ]);
    expect(messages({ action: 'pod-kill', selector: { workload: 'daemonset/node-agent' } })).toEqual([
      'spec.selector.workload: Invalid value: "daemonset/node-agent": must be an object',
    ]);
  });

  it('is refused by actions that do not pick pods', () => {
    expect(
      messages({
        action: 'node-drain',
        selector: { nodes: ['node-1'], workload: { kind: 'DaemonSet', name: 'node-agent' } },
      }),
    ).toEqual([
      'spec.selector.workload: Forbidden: does not apply to action node-drain (it does not pick pods)',
    ]);
    expect(
      messages({
        action: 'http-fault',
        service: 'web',
        httpFault: { errorPercent: 10 },
        selector: { workload: { kind: 'Deployment', name: 'web' } },
      }),
    ).toEqual([
      'spec.selector.workload: Forbidden: does not apply to action http-fault (it does not pick pods)',
    ]);
  });
});
