import { builtinResources } from '../resources/builtin-resources';
import { listMergeRule, supportsStrategicMerge } from './patch-merge-keys';

describe(listMergeRule.name, () => {
  it.each([
    ['Pod', 'spec.containers', 'name'],
    ['Pod', 'spec.containers[].env', 'name'],
    ['Pod', 'spec.containers[].ports', 'containerPort'],
    ['Pod', 'spec.initContainers[].volumeMounts', 'mountPath'],
    ['Pod', 'spec.topologySpreadConstraints', 'topologyKey'],
    ['Pod', 'status.conditions', 'type'],
    ['Deployment', 'spec.template.spec.containers', 'name'],
    ['Deployment', 'spec.template.spec.volumes', 'name'],
    ['ReplicaSet', 'metadata.ownerReferences', 'uid'],
    ['Service', 'spec.ports', 'port'],
    ['Node', 'status.addresses', 'type'],
  ])('%s %s merges by %s', (kind, path, key) => {
    expect(listMergeRule(kind, path)).toEqual({ mergeKey: key });
  });

  it('merges finalizers as a set of primitives', () => {
    expect(listMergeRule('ConfigMap', 'metadata.finalizers')).toEqual({});
  });

  it.each([
    ['Pod', 'spec.tolerations'],
    ['Node', 'spec.taints'],
    ['Endpoints', 'subsets'],
    ['Pod', 'spec.containers[].envFrom'],
    ['Deployment', 'spec.containers'],
    ['Widget', 'spec.items'],
  ])('%s %s is atomic', (kind, path) => {
    expect(listMergeRule(kind, path)).toBeUndefined();
  });

  it('knows the built-in kinds only', () => {
    expect(supportsStrategicMerge('Deployment')).toBe(true);
    expect(supportsStrategicMerge('toString')).toBe(false);
    expect(supportsStrategicMerge('Widget')).toBe(false);
  });

  // kubectl apply and kubectl set patch every built-in kind strategically (a 415 otherwise);
  // ChaosExperiments are a custom resource's kind, patched with merge patches.
  it.each(builtinResources.filter((d) => d.kind !== 'ChaosExperiment').map((d) => d.kind))(
    'has the strategic merge rules of built-in %s',
    (kind) => {
      expect(supportsStrategicMerge(kind)).toBe(true);
    },
  );
});
