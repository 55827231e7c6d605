import { ChaosExperiment, Node, Pod } from '@orchestra/api';
import { candidateNodes, drainablePods, MIRROR_POD_ANNOTATION, selectNodeTargets } from './node-targets';

const node = (name: string, labels: Record<string, string> = {}, unschedulable = false) =>
  ({ metadata: { name, labels, uid: `uid-${name}` }, spec: { unschedulable } }) as unknown as Node;

const experiment = (spec: Partial<ChaosExperiment['spec']>): ChaosExperiment => ({
  metadata: { namespace: 'demo', name: 'x' },
  spec: { action: 'node-drain', ...spec },
});

const pod = (
  name: string,
  extra: { namespace?: string; owner?: string; phase?: string; more?: object } = {},
) =>
  ({
    metadata: {
      namespace: extra.namespace ?? 'demo',
      name,
      uid: `uid-${name}`,
      ownerReferences:
        extra.owner === undefined
          ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs', controller: true }]
          : extra.owner
            ? [{ apiVersion: 'apps/v1', kind: extra.owner, name: 'x', uid: 'o', controller: true }]
            : undefined,
      ...extra.more,
    },
    spec: { nodeName: 'node-1', containers: [] },
    status: { phase: extra.phase ?? 'Running' },
  }) as unknown as Pod;

const names = (objects: { metadata: { name?: string } }[]) => objects.map((o) => o.metadata.name);

describe(candidateNodes.name, () => {
  const nodes = [node('node-2', { zone: 'b' }), node('node-1', { zone: 'a' }), node('node-3', {}, true)];

  it('takes nodes by name and by label, in a stable order', () => {
    expect(names(candidateNodes(experiment({}), nodes))).toEqual(['node-1', 'node-2']);
    expect(names(candidateNodes(experiment({ selector: { nodes: ['node-2'] } }), nodes))).toEqual(['node-2']);
    expect(names(candidateNodes(experiment({ selector: { labelSelector: 'zone=a' } }), nodes))).toEqual([
      'node-1',
    ]);
    expect(
      names(
        candidateNodes(experiment({ selector: { labelSelector: { matchLabels: { zone: 'b' } } } }), nodes),
      ),
    ).toEqual(['node-2']);
  });

  it('does not drain a node that is already cordoned', () => {
    expect(names(candidateNodes(experiment({ selector: { nodes: ['node-3'] } }), nodes))).toEqual([]);
  });

  it("terminates only the simulated cloud's instances", () => {
    const pool = {
      metadata: { name: 'pool-node-1', uid: 'uid-pool' },
      spec: { providerID: 'orchestra://i-0123456789ab' },
    } as unknown as Node;
    expect(names(candidateNodes(experiment({ action: 'instance-terminate' }), [...nodes, pool]))).toEqual([
      'pool-node-1',
    ]);
    expect(
      names(
        candidateNodes(experiment({ action: 'instance-terminate', selector: { nodes: ['node-1'] } }), nodes),
      ),
    ).toEqual([]);
  });

  it('applies the mode to nodes', () => {
    expect(selectNodeTargets(experiment({ mode: 'all' }), nodes).targets).toHaveLength(2);
    expect(
      selectNodeTargets(experiment({ mode: 'one' }), nodes, () => 0.99).targets.map((n) => n.metadata.name),
    ).toEqual(['node-2']);
  });
});

describe(drainablePods.name, () => {
  it('evicts the managed pods of the node and leaves what kubectl drain and chaos safety leave', () => {
    const pods = [
      pod('web-b'),
      pod('web-a'),
      pod('elsewhere', { more: {} }),
      pod('daemon', { owner: 'DaemonSet' }),
      pod('bare', { owner: '' }),
      pod('dns', { namespace: 'kube-system' }),
      pod('mirror', { more: { annotations: { [MIRROR_POD_ANNOTATION]: 'x' } } }),
      pod('done', { phase: 'Succeeded' }),
      pod('going', { more: { deletionTimestamp: '2026-01-01T00:00:00Z' } }),
    ];
    pods[2].spec.nodeName = 'node-2';
    expect(names(drainablePods('node-1', pods))).toEqual(['web-a', 'web-b']);
  });
});
