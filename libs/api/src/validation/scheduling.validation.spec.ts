import { formatFieldError, path } from '../errors';
import {
  validateAffinity,
  validateTolerations,
  validateTopologySpreadConstraints,
} from './scheduling.validation';

const text = (errs: ReturnType<typeof validateAffinity>) => errs.map(formatFieldError);
const at = path('spec');

describe(validateTolerations.name, () => {
  it('accepts the usual tolerations', () => {
    const ok = [
      { operator: 'Exists' },
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
    ];
    expect(validateTolerations(ok, at.child('tolerations'))).toEqual([]);
  });

  it('applies the operator, value and effect rules', () => {
    const bad = [
      { operator: 'Equal', value: 'x' },
      { key: 'k', operator: 'Exists', value: 'v' },
      { key: 'k', effect: 'NoSchedule', tolerationSeconds: 5 },
      { key: 'k', operator: 'Like' },
      { key: 'k', effect: 'Never' },
    ];
    expect(text(validateTolerations(bad, at.child('tolerations')))).toEqual([
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      expect.stringContaining(
        'spec.tolerations[1].operator: Invalid value: {"key":"k","operator":"Exists","value":"v"}: value must be empty when `operator` is \'Exists\'',
      ),
      'spec.tolerations[2].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set',
      'spec.tolerations[3].operator: Unsupported value: "Like": supported values: "Equal", "Exists"',
      'spec.tolerations[4].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
  });
});

describe(validateAffinity.name, () => {
  it('checks node selector operators and values', () => {
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'zone', operator: 'In', values: [] },
                { key: 'gpu', operator: 'Exists', values: ['x'] },
                { key: 'cores', operator: 'Gt', values: ['four'] },
              ],
              matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }],
            },
          ],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: {} }],
      },
    };
    const p =
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions';
    expect(text(validateAffinity(affinity, at.child('affinity')))).toEqual([
      `${p}[0].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`,
      `${p}[1].values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
      `${p}[2].values[0]: Invalid value: "four": must be an integer`,
      'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100',
    ]);
  });

  it('requires a topology key on pod affinity terms', () => {
    const affinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } } }],
      },
    };
    expect(text(validateAffinity(affinity, at.child('affinity')))).toEqual([
      'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty',
    ]);
  });
});

describe(validateTopologySpreadConstraints.name, () => {
  it('checks maxSkew, topologyKey, whenUnsatisfiable and repeats', () => {
    const c = { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' };
    const constraints = [c, c, { maxSkew: 0, whenUnsatisfiable: 'Maybe' }];
    expect(
      validateTopologySpreadConstraints(constraints, at.child('topologySpreadConstraints')).map(
        (e) => e.field,
      ),
    ).toEqual([
      'spec.topologySpreadConstraints[1].{topologyKey, whenUnsatisfiable}',
      'spec.topologySpreadConstraints[2].maxSkew',
      'spec.topologySpreadConstraints[2].topologyKey',
      'spec.topologySpreadConstraints[2].whenUnsatisfiable',
    ]);
  });
});
