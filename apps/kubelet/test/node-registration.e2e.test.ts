/**
 * Nodes as a kubelet process registers them: labels, capacity, podCIDR, addresses, kubelet
 * endpoint and system info as Kubernetes' kubelet writes them; the Ready condition; a Lease per
 * node in kube-node-lease that keeps being renewed; and the scheduler placing a pod on them.
 */
import type { Lease, Node, Pod } from '@orchestra/api';
import type { ApiClient } from '@orchestra/client';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { startTestScheduler, type TestScheduler } from '../../scheduler/test/scheduler-harness';
import { registerNode } from '../src/node/node-registration';
import {
  eventually,
  getPod,
  leasesDef,
  nodesDef,
  podsDef,
  startTestKubelet,
  testClient,
  type TestKubelet,
} from './kubelet-harness';

describe(registerNode.name, () => {
  let api: TestApiserver;
  let kubelet: TestKubelet;
  let scheduler: TestScheduler;
  let client: ApiClient;

  beforeAll(async () => {
    api = await startTestApiserver('kubelet-nodes');
    client = testClient(api);
    // A Node that already exists (created by hand, with a label of its own) is adopted.
    await client.resource<Node>(nodesDef).create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'sim-3', labels: { team: 'blue' } },
    });
    kubelet = await startTestKubelet(api, {
      NODES: '2',
      NODE_NAME_PREFIX: 'sim',
      NODE_INDEX_OFFSET: '1',
      NODE_ROLE: 'worker',
      NODE_CPU: '2',
      NODE_MEMORY: '4Gi',
      KUBELET_ADVERTISE_ADDRESS: '10.0.0.9',
    });
    await kubelet.service.started();
    scheduler = await startTestScheduler(api);
  });

  afterAll(async () => {
    await scheduler.close();
    await kubelet.close();
    await api.close();
  });

  it('registers each node with its labels, capacity, podCIDR, addresses and kubelet endpoint', async () => {
    const nodes = client.resource<Node>(nodesDef);
    const [two, three] = [await nodes.get('sim-2'), await nodes.get('sim-3')];
    expect(two.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': 'sim-2',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': expect.any(String),
      'topology.kubernetes.io/zone': 'zone-b',
      'node.kubernetes.io/instance-type': 'orchestra-sim',
      'node-role.kubernetes.io/worker': '',
    });
    expect(three.metadata.labels).toMatchObject({ team: 'blue', 'topology.kubernetes.io/zone': 'zone-c' });
    expect(two.spec).toMatchObject({ podCIDR: '10.244.2.0/24', podCIDRs: ['10.244.2.0/24'] });
    expect(three.spec).toMatchObject({ podCIDR: '10.244.3.0/24' });
    expect(two.status).toMatchObject({
      capacity: { cpu: '2', memory: '4Gi', pods: '110' },
      allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
      addresses: [
        { type: 'InternalIP', address: '10.0.0.9' },
        { type: 'Hostname', address: 'sim-2' },
      ],
      // KUBELET_PORT as configured (0 here: the test server takes any free port).
      daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
      nodeInfo: {
        kubeletVersion: 'v1.32.0-orchestra',
        containerRuntimeVersion: 'orchestra-sim://0.1.0',
        operatingSystem: 'linux',
      },
    });
    const conditions = Object.fromEntries(two.status!.conditions!.map((c) => [c.type, c]));
    expect(conditions.Ready).toMatchObject({
      status: 'True',
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
    });
    for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      expect(conditions[type]).toMatchObject({ status: 'False', lastHeartbeatTime: expect.any(String) });
    }
  });

  it('holds a Lease per node in kube-node-lease and renews it', async () => {
    const leases = client.resource<Lease>(leasesDef);
    const first = await eventually(() => leases.get('sim-2', 'kube-node-lease').catch(() => undefined));
    expect(first.spec).toMatchObject({ holderIdentity: 'sim-2', leaseDurationSeconds: 40 });
    expect(first.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Node', name: 'sim-2' });
    // The playground profile renews every 2 s.
    const renewed = await eventually(
      async () => {
        const lease = await leases.get('sim-2', 'kube-node-lease');
        return lease.spec!.renewTime !== first.spec!.renewTime && lease;
      },
      5_000,
      'a renewed lease',
    );
    expect(Date.parse(renewed.spec!.renewTime!)).toBeGreaterThan(Date.parse(first.spec!.renewTime!));
  });

  it('runs a pod the scheduler binds to one of its nodes', async () => {
    await client.resource<Pod>(podsDef).create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'scheduled', namespace: 'default' },
      spec: {
        containers: [{ name: 'web', image: 'orchestra/web', resources: { requests: { cpu: '100m' } } }],
      },
    });
    const pod = await eventually(
      async () => {
        const p = await getPod(client, 'scheduled');
        return p?.status?.phase === 'Running' && p;
      },
      10_000,
      'scheduled pod Running',
    );
    const cidr = pod.spec.nodeName === 'sim-2' ? '10.244.2.' : '10.244.3.';
    expect(pod.status!.podIP!.startsWith(cidr)).toBe(true);
    expect(pod.status!.hostIP).toBe('10.0.0.9');
  });
});
