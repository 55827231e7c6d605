import { strategyFor } from '../validation/kind-strategy';
import { formatFieldError } from '../errors';
import { KubeObject } from '../types';
import { builtinResources } from '../resources';
import { validateChaosExperiment, validateChaosExperimentUpdate } from './chaos-experiment.validation';
import { defaultChaosExperiment } from './chaos-experiment.defaults';
import { chaosActions } from './chaos.types';

const def = builtinResources.find((d) => d.kind === 'ChaosExperiment')!;
const experiment = (spec: unknown, namespace = 'demo') => ({
  apiVersion: 'chaos.orchestra.dev/v1alpha1',
  kind: 'ChaosExperiment',
  metadata: { name: 'x', namespace },
  spec,
});
const messages = (spec: unknown, namespace?: string) =>
  validateChaosExperiment(experiment(spec, namespace)).map(formatFieldError);

describe(validateChaosExperiment.name, () => {
  it('accepts a complete pod-kill experiment', () => {
    expect(
      messages({
        action: 'pod-kill',
        selector: { namespaces: ['demo'], labelSelector: { matchLabels: { app: 'web' } }, nodes: ['node-1'] },
        mode: 'fixed-percent',
        value: 50,
        duration: '30s',
        schedule: { every: '5m' },
        dryRun: true,
        gracePeriodSeconds: 0,
      }),
    ).toEqual([]);
    expect(messages({ action: 'container-kill', selector: { labelSelector: 'app=web,tier!=db' } })).toEqual(
      [],
    );
  });

  it('names every bad field at once', () => {
    expect(
      messages({
        action: 'pod-explode',
        selector: { labelSelector: 'app in (', names: ['Not_A_Name'] },
        mode: 'fixed',
        duration: 'soon',
        schedule: { every: '10ms' },
        gracePeriodSeconds: -1,
      }),
    ).toEqual([
      `spec.action: Unsupported value: "pod-explode": supported values: ${chaosActions.map((a) => `"${a}"`).join(', ')}`,
      expect.stringMatching(/^spec\.selector\.names\[0\]: Invalid value: "Not_A_Name": /),
      expect.stringMatching(/^spec\.selector\.labelSelector: Invalid value: "app in \(": /),
      'spec.value: Required value: mode fixed needs a value',
      'spec.duration: Invalid value: "soon": must be a duration such as "30s", "1m30s" or "500ms"',
      'spec.schedule.every: Invalid value: "10ms": must be at least 1s',
      'spec.gracePeriodSeconds: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it('requires spec and action', () => {
    expect(messages(undefined)).toEqual(['spec: Required value']);
    expect(messages({})).toEqual(['spec.action: Required value']);
  });

  it('checks value against the mode', () => {
    expect(messages({ action: 'pod-kill', mode: 'fixed-percent', value: 101 })).toEqual([
      'spec.value: Invalid value: 101: must be at most 100 (percent)',
    ]);
    expect(messages({ action: 'pod-kill', mode: 'fixed', value: 0 })).toEqual([
      'spec.value: Invalid value: 0: must be at least 1',
    ]);
    expect(messages({ action: 'pod-kill', mode: 'all', value: 2 })).toEqual([
      'spec.value: Forbidden: only applies to modes fixed and fixed-percent, not all',
    ]);
    expect(messages({ action: 'pod-kill', mode: 'some' })).toEqual([
      'spec.mode: Unsupported value: "some": supported values: "one", "all", "fixed", "fixed-percent"',
    ]);
  });

  it('keeps action-specific parameters to their actions', () => {
    expect(messages({ action: 'container-kill', gracePeriodSeconds: 0 })).toEqual([
      'spec.gracePeriodSeconds: Forbidden: only applies to actions pod-kill and node-drain',
    ]);
    expect(messages({ action: 'pod-kill', containerNames: ['web'] })).toEqual([
      'spec.containerNames: Forbidden: does not apply to action pod-kill (it deletes whole pods)',
    ]);
  });

  it('takes a Service and what to do to its requests for http-fault, and only then', () => {
    expect(
      messages({ action: 'http-fault', service: 'web', httpFault: { delay: '200ms', errorPercent: 50 } }),
    ).toEqual([]);
    expect(messages({ action: 'http-fault', httpFault: {} })).toEqual([
      'spec.service: Required value: the Service whose traffic to disturb',
      'spec.httpFault: Required value: a delay, an errorPercent, or both',
    ]);
    expect(
      messages({ action: 'http-fault', service: 'web', httpFault: { errorPercent: 101, errorCode: 200 } }),
    ).toEqual([
      'spec.httpFault.errorPercent: Invalid value: 101: must be between 0 and 100',
      'spec.httpFault.errorCode: Invalid value: 200: must be an HTTP error status (400-599)',
    ]);
    expect(messages({ action: 'pod-kill', service: 'web' })).toEqual([
      'spec.service: Forbidden: only applies to action http-fault',
    ]);
    const obj = experiment({ action: 'http-fault', service: 'web', httpFault: { errorPercent: 10 } });
    defaultChaosExperiment(obj);
    expect(obj.spec).toMatchObject({ duration: '30s', httpFault: { errorPercent: 10, errorCode: 503 } });
  });

  it('reaches kube-system only with its namespace and pod names spelt out', () => {
    expect(messages({ action: 'pod-kill', selector: { namespaces: ['kube-system'] } })).toEqual([
      'spec.selector.names: Required value: pods in kube-system are only targeted when named explicitly',
    ]);
    expect(messages({ action: 'pod-kill', selector: { names: ['coredns-1'] } }, 'kube-system')).toEqual([
      'spec.selector.namespaces: Required value: list kube-system explicitly to target pods in it',
    ]);
    expect(
      messages({ action: 'pod-kill', selector: { namespaces: ['kube-system'], names: ['coredns-1'] } }),
    ).toEqual([]);
  });

  it('keeps the action immutable', () => {
    expect(
      validateChaosExperimentUpdate(
        experiment({ action: 'pod-kill' }),
        experiment({ action: 'pod-failure' }),
      ),
    ).toHaveLength(1);
  });

  it('is the ChaosExperiment strategy, with defaults', () => {
    const obj = experiment({ action: 'pod-failure' }) as KubeObject;
    const strategy = strategyFor(def);
    strategy.applyDefaults(obj);
    expect(obj.spec).toEqual({
      action: 'pod-failure',
      mode: 'one',
      duration: '30s',
      recoveryTimeout: '2m',
      dryRun: false,
    });
    expect(strategy.validate(obj, def)).toEqual([]);
    const kill = { spec: { action: 'pod-kill' } };
    defaultChaosExperiment(kill);
    expect(kill.spec).toMatchObject({ duration: '0s' });
  });
});
