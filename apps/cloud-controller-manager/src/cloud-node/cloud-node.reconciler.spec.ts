import type { Node } from '@orchestra/api';
import type { Lister, ResourceClient } from '@orchestra/client';
import { InMemoryCloudState } from '../cloud/cloud-state';
import { parseIpRange } from '../cloud/ip-pool';
import { SimulatedCloud } from '../cloud/simulated-cloud';
import { CloudNodeReconciler, UNINITIALIZED_TAINT_KEY } from './cloud-node.reconciler';

describe(CloudNodeReconciler.name, () => {
  let cloud: SimulatedCloud;
  let written: Node[];
  const api = {
    update: (n: Node) => (written.push(n), Promise.resolve(n)),
  } as unknown as ResourceClient<Node>;
  const lister = (nodes: Node[]) =>
    ({ get: (name: string) => nodes.find((n) => n.metadata.name === name) }) as unknown as Lister<Node>;

  beforeEach(() => {
    written = [];
    cloud = new SimulatedCloud({
      state: new InMemoryCloudState(),
      region: 'orchestra-local-1',
      zones: ['zone-a', 'zone-b'],
      instanceType: 'orchestra-standard-2',
      capacity: { cpu: '2', memory: '4Gi', pods: '110' },
      nodeGroup: { name: 'pool', minSize: 0, maxSize: 2, nodeNamePrefix: 'pool-node' },
      loadBalancerIps: parseIpRange('127.0.100.0/24'),
    });
  });

  it("labels a cloud node with its instance's region, zone and type and lifts the uninitialized taint", async () => {
    const [, second] = await cloud.nodeGroups.increaseSize('pool', 2);
    const node: Node = {
      metadata: { name: 'pool-node-2', labels: { 'kubernetes.io/hostname': 'pool-node-2' } },
      spec: {
        providerID: `orchestra://${second.id}`,
        taints: [
          { key: UNINITIALIZED_TAINT_KEY, value: 'true', effect: 'NoSchedule' },
          { key: 'dedicated', value: 'x', effect: 'NoSchedule' },
        ],
      },
    };
    await new CloudNodeReconciler(lister([node]), api, cloud).reconcile('pool-node-2');
    expect(written).toHaveLength(1);
    expect(written[0].metadata.labels).toEqual({
      'kubernetes.io/hostname': 'pool-node-2',
      'topology.kubernetes.io/region': 'orchestra-local-1',
      'topology.kubernetes.io/zone': 'zone-b',
      'node.kubernetes.io/instance-type': 'orchestra-standard-2',
    });
    expect(written[0].spec?.taints).toEqual([{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }]);
    // Done: nothing more to write.
    await new CloudNodeReconciler(lister([written[0]]), api, cloud).reconcile('pool-node-2');
    expect(written).toHaveLength(1);
  });

  it('finds the instance by node name when the kubelet set no providerID, and leaves other nodes alone', async () => {
    const [first] = await cloud.nodeGroups.increaseSize('pool', 1);
    const tainted: Node = {
      metadata: { name: 'pool-node-1' },
      spec: { taints: [{ key: UNINITIALIZED_TAINT_KEY, value: 'true', effect: 'NoSchedule' }] },
    };
    const staticNode: Node = { metadata: { name: 'node-1' }, spec: {} };
    const reconciler = new CloudNodeReconciler(lister([tainted, staticNode]), api, cloud);
    await reconciler.reconcile('node-1');
    expect(written).toEqual([]);
    await reconciler.reconcile('pool-node-1');
    expect(written[0].spec?.providerID).toBe(`orchestra://${first.id}`);
  });
});
