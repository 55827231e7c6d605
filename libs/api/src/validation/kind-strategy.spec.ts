import { builtinResources, ResourceDefinition } from '../resources';
import { KubeObject } from '../types';
import { strategyFor } from './kind-strategy';

const def = (kind: string): ResourceDefinition => builtinResources.find((d) => d.kind === kind)!;

describe(strategyFor.name, () => {
  it('defaults and validates a Pod', () => {
    const pod: KubeObject = {
      metadata: { name: 'web', namespace: 'default' },
      spec: { containers: [{ name: 'a', image: 'nginx' }] },
    };
    const strategy = strategyFor(def('Pod'));
    strategy.applyDefaults(pod);
    expect(pod.spec).toMatchObject({ restartPolicy: 'Always', containers: [{ imagePullPolicy: 'Always' }] });
    expect(strategy.validate(pod, def('Pod'))).toEqual([]);
  });

  it('checks metadata and kind fields in one list', () => {
    const errs = strategyFor(def('Deployment')).validate(
      { metadata: { name: 'Web' }, spec: {} },
      def('Deployment'),
    );
    expect(errs.map((e) => e.field)).toEqual([
      'metadata.name',
      'metadata.namespace',
      'spec.selector',
      'spec.template',
    ]);
  });

  it.each(builtinResources.map((d) => d.kind))('never throws on malformed %s shapes', (kind) => {
    const strategy = strategyFor(def(kind));
    const malformed = [
      {
        metadata: { name: 'a', labels: 5 },
        spec: { containers: 'x', ports: 'y', template: 3, selector: 'z' },
      },
      { metadata: 'x', spec: [1], subsets: 'x', involvedObject: 7, data: 1 },
      { metadata: null, spec: null },
    ] as unknown as KubeObject[];
    for (const obj of malformed) {
      expect(() => strategy.applyDefaults(obj)).not.toThrow();
      const errs = strategy.validate(obj, def(kind));
      expect(errs.length).toBeGreaterThan(0);
      expect(() => strategy.validateUpdate(obj, malformed[0], def(kind))).not.toThrow();
    }
  });

  it('applies update rules on top of metadata immutability', () => {
    const rs = def('ReplicaSet');
    const old = {
      metadata: { name: 'a', namespace: 'd', uid: 'u' },
      spec: { selector: { matchLabels: { a: 'b' } } },
    };
    const next = {
      metadata: { name: 'a', namespace: 'd', uid: 'v' },
      spec: { selector: { matchLabels: { a: 'c' } } },
    };
    expect(
      strategyFor(rs)
        .validateUpdate(next, old, rs)
        .map((e) => e.field),
    ).toEqual(['metadata.uid', 'spec.selector']);
  });

  it('gives metadata-only validation to kinds it does not know', () => {
    const custom = { ...def('ConfigMap'), group: 'example.com', kind: 'Widget' };
    expect(
      strategyFor(custom).validate({ metadata: { name: 'w', namespace: 'd' }, spec: 'anything' }, custom),
    ).toEqual([]);
  });

  it('validates the Scale subresource', () => {
    const scale = { ...def('Deployment'), group: 'autoscaling', kind: 'Scale' };
    expect(
      strategyFor(scale).validate({ metadata: { name: 'w', namespace: 'd' }, spec: { replicas: -1 } }, scale),
    ).toHaveLength(1);
  });
});
