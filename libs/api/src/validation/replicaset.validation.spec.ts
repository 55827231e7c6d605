import { validateReplicaSet } from './replicaset.validation';

describe(validateReplicaSet.name, () => {
  const template = {
    metadata: { labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', image: 'nginx' }] },
  };

  it('accepts a matching ReplicaSet', () => {
    expect(
      validateReplicaSet({ spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template } }),
    ).toEqual([]);
  });

  it('reports replicas, selector and template problems together', () => {
    const errs = validateReplicaSet({
      spec: {
        replicas: -2,
        selector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] },
        template,
      },
    });
    expect(errs.map((e) => e.field)).toEqual(['spec.replicas', 'spec.template.metadata.labels']);
    expect(validateReplicaSet({ spec: 'x' })[0].field).toBe('spec');
  });
});
