import { Lease, Node, Pod, sameTaint, Taint } from '@orchestra/api';
import { IndexName, Lister } from '@orchestra/client';
import { createLogger } from '@orchestra/observability';
import { Registry } from 'prom-client';
import { EventSink, EventTarget } from '../controller-utils';
import { NodeLifecycleApi } from './node-lifecycle-api.port';
import { NodeLifecycleController } from './node-lifecycle.controller';
import { nodeLifecycleMetrics } from './node-lifecycle.metrics';
import { timingProfiles } from '@orchestra/api';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

class FakeClock {
  constructor(public ms = T0) {}
  now = () => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A Lister over a Map, with the nodeName index. */
class MapLister<T extends { metadata: { name?: string; namespace?: string } }> implements Lister<T> {
  readonly items = new Map<string, T>();
  key = (o: T) => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name!);
  set(o: T): void {
    this.items.set(this.key(o), structuredClone(o));
  }
  get = (key: string) => this.items.get(key);
  list = () => [...this.items.values()];
  keys = () => [...this.items.keys()];
  byIndex(index: IndexName, value: string): T[] {
    if (index !== 'nodeName') throw new Error(index);
    return this.list().filter((o) => (o as unknown as Pod).spec?.nodeName === value);
  }
}

/** The API port on top of the listers, as if the informers saw each write at once. */
class FakeApi implements NodeLifecycleApi {
  readonly taintWrites: { node: string; add: string[]; remove: string[]; at: number }[] = [];
  constructor(
    private readonly nodes: MapLister<Node>,
    private readonly pods: MapLister<Pod>,
    private readonly clock: FakeClock,
  ) {}
  async updateNodeStatus(node: Node): Promise<Node> {
    this.nodes.set(node);
    return node;
  }
  async getNode(name: string): Promise<Node> {
    return this.nodes.get(name)!;
  }
  async swapNodeTaints(name: string, add: Taint[], remove: Taint[]): Promise<boolean> {
    const node = this.nodes.get(name);
    if (!node) return false;
    const kept = (node.spec?.taints ?? []).filter((t) => !remove.some((r) => sameTaint(r, t)));
    const added = add.filter((a) => !kept.some((t) => sameTaint(a, t)));
    this.nodes.set({ ...node, spec: { ...node.spec, taints: [...kept, ...added] } });
    const label = (t: Taint) => `${t.key}:${t.effect}`;
    this.taintWrites.push({
      node: name,
      add: add.map(label),
      remove: remove.map(label),
      at: this.clock.now(),
    });
    return true;
  }
  async updatePodStatus(pod: Pod): Promise<Pod> {
    this.pods.set(pod);
    return pod;
  }
  async evictPod(): Promise<boolean> {
    return true;
  }
}

class Events implements EventSink {
  readonly recorded: string[] = [];
  normal(o: EventTarget, reason: string, message: string): void {
    this.recorded.push(`Normal ${o.metadata.name} ${reason}: ${message}`);
  }
  warning(o: EventTarget, reason: string, message: string): void {
    this.recorded.push(`Warning ${o.metadata.name} ${reason}: ${message}`);
  }
}

function node(name: string, zone: string, ready: 'True' | 'False' = 'True'): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `uid-${name}`,
      creationTimestamp: iso(T0),
      labels: { 'topology.kubernetes.io/zone': zone },
    },
    spec: {},
    status: {
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          reason: 'KubeletHasSufficientMemory',
          lastHeartbeatTime: iso(T0),
          lastTransitionTime: iso(T0),
        },
        {
          type: 'Ready',
          status: ready,
          reason: 'KubeletReady',
          lastHeartbeatTime: iso(T0),
          lastTransitionTime: iso(T0),
        },
      ],
    },
  };
}

function setup(nodes: Node[], timings = timingProfiles.kubernetes) {
  const clock = new FakeClock();
  const nodeLister = new MapLister<Node>();
  const leases = new MapLister<Lease>();
  const pods = new MapLister<Pod>();
  nodes.forEach((n) => nodeLister.set(n));
  const api = new FakeApi(nodeLister, pods, clock);
  const events = new Events();
  const registry = new Registry();
  const controller = new NodeLifecycleController({
    nodes: nodeLister,
    leases,
    pods,
    api,
    events,
    metrics: nodeLifecycleMetrics(registry),
    timings,
    logger: createLogger({ component: 'test', level: 'error' }),
    clock,
  });
  (controller as unknown as { running: boolean }).running = true; // passes driven by the test
  const renew = (name: string) =>
    leases.set({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace: 'kube-node-lease' },
      spec: { holderIdentity: name, renewTime: new Date(clock.now()).toISOString() },
    });
  /** One monitor pass, then the taint queues tried (as the 100 ms loop would). */
  const pass = async () => {
    await controller.monitorNodeHealth();
    await controller.doNoExecuteTaintingPass();
  };
  return { clock, nodeLister, leases, pods, api, events, registry, controller, renew, pass };
}

const taintsOf = (n: Node | undefined) => (n?.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`);
const readyOf = (n: Node | undefined) => n?.status?.conditions?.find((c) => c.type === 'Ready');

describe(NodeLifecycleController.name, () => {
  it('declares a node Unknown only once its Lease is older than the grace period (50 s), then taints it unreachable', async () => {
    const { clock, nodeLister, renew, pass, events, pods, controller } = setup([
      node('node-1', 'a'),
      node('node-2', 'b'),
    ]);
    pods.set({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-1', namespace: 'default' },
      spec: { nodeName: 'node-1', containers: [] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    });
    renew('node-1');
    renew('node-2');
    await pass(); // first sight: now is their heartbeat
    clock.advance(40_000);
    renew('node-2'); // node-2 keeps heartbeating, node-1 does not
    await pass();
    clock.advance(10_000); // node-1's last heartbeat exactly 50 s ago: still within the grace
    await pass();
    expect(readyOf(nodeLister.get('node-1'))?.status).toBe('True');

    clock.advance(1);
    await pass();
    const lost = nodeLister.get('node-1')!;
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'])
      expect(lost.status!.conditions!.find((c) => c.type === type)).toMatchObject({
        status: 'Unknown',
        reason:
          type === 'Ready' || type === 'MemoryPressure' ? 'NodeStatusUnknown' : 'NodeStatusNeverUpdated',
      });
    expect(readyOf(lost)).toMatchObject({ message: 'Kubelet stopped posting node status.' });
    expect(readyOf(nodeLister.get('node-2'))?.status).toBe('True');
    expect(events.recorded).toContain('Normal node-1 NodeNotReady: Node node-1 status is now: NodeNotReady');
    expect(pods.get('default/web-1')!.status!.conditions![0].status).toBe('False');
    expect(events.recorded).toContain('Warning web-1 NodeNotReady: Node is not ready');
    // A pod bound there afterwards is not Ready either.
    const late: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-2', namespace: 'default' },
      spec: { nodeName: 'node-1', containers: [] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    };
    pods.set(late);
    controller.podBound(late);
    await new Promise((r) => setImmediate(r));
    expect(pods.get('default/web-2')!.status!.conditions![0].status).toBe('False');
    // The pass that wrote Unknown saw Ready True: the taint comes with the next one.
    expect(taintsOf(nodeLister.get('node-1'))).toEqual([]);

    clock.advance(5_000);
    await pass();
    expect(taintsOf(nodeLister.get('node-1'))).toEqual(['node.kubernetes.io/unreachable:NoExecute']);

    // Back: a fresh Lease and the kubelet's Ready=True remove the taint.
    clock.advance(60_000);
    renew('node-1');
    renew('node-2');
    await pass();
    expect(taintsOf(nodeLister.get('node-1'))).toEqual(['node.kubernetes.io/unreachable:NoExecute']);
    const back = node('node-1', 'a');
    back.status!.conditions!.forEach((c) => (c.lastHeartbeatTime = iso(clock.now())));
    nodeLister.set({ ...back, spec: nodeLister.get('node-1')!.spec });
    await pass();
    expect(taintsOf(nodeLister.get('node-1'))).toEqual([]);
  });

  it('taints the lost nodes of a zone one per 1/rate seconds (0.1 nodes/s: 10 s apart)', async () => {
    const names = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9', 'n10'];
    const { clock, api, renew, pass } = setup(names.map((n) => node(n, 'a')));
    names.forEach(renew);
    await pass();
    clock.advance(30_000);
    names.slice(2).forEach(renew); // n1 and n2 go quiet: 2 of 10, the zone stays Normal
    await pass();
    clock.advance(25_000);
    names.slice(2).forEach(renew);
    await pass(); // Unknown written
    await pass(); // n1 tainted at once (burst of one), n2 waits for a token
    const unreachable = () =>
      api.taintWrites.filter((w) => w.add.includes('node.kubernetes.io/unreachable:NoExecute'));
    expect(unreachable().map((w) => w.node)).toEqual(['n1']);
    for (let s = 0; s < 9; s++) {
      clock.advance(1_000);
      names.slice(2).forEach(renew);
      await pass();
    }
    expect(unreachable().map((w) => w.node)).toEqual(['n1']);
    clock.advance(1_000);
    names.slice(2).forEach(renew);
    await pass();
    expect(unreachable().map((w) => w.node)).toEqual(['n1', 'n2']);
    expect(unreachable()[1].at - unreachable()[0].at).toBe(10_000);
  });

  it('evicts nothing when every zone is fully disrupted (the fault is more likely the controller’s), and takes the taints back', async () => {
    const { clock, nodeLister, api, renew, pass, controller } = setup([
      node('node-1', 'a'),
      node('node-2', 'b'),
    ]);
    renew('node-1');
    renew('node-2');
    await pass();
    clock.advance(51_000); // both silent
    await pass();
    await pass();
    expect(readyOf(nodeLister.get('node-1'))?.status).toBe('Unknown');
    expect(readyOf(nodeLister.get('node-2'))?.status).toBe('Unknown');
    expect(api.taintWrites.filter((w) => w.add.length > 0)).toEqual([]);
    expect(controller.zones()).toEqual(
      new Map([
        ['a', 'FullDisruption'],
        ['b', 'FullDisruption'],
      ]),
    );
    clock.advance(600_000);
    await pass();
    expect(api.taintWrites.filter((w) => w.add.length > 0)).toEqual([]);
  });

  it('one fully disrupted zone among healthy ones is evicted at the normal rate', async () => {
    const { clock, nodeLister, renew, pass, controller } = setup([node('node-1', 'a'), node('node-2', 'b')]);
    renew('node-1');
    renew('node-2');
    await pass();
    clock.advance(51_000);
    renew('node-2');
    await pass();
    await pass();
    expect(controller.zones().get('a')).toBe('FullDisruption');
    expect(taintsOf(nodeLister.get('node-1'))).toEqual(['node.kubernetes.io/unreachable:NoExecute']);
  });

  it('a kubelet reporting Ready=False gets not-ready:NoExecute, swapped at once from unreachable', async () => {
    const { clock, nodeLister, renew, pass } = setup([node('node-1', 'a'), node('node-2', 'b')]);
    renew('node-1');
    renew('node-2');
    await pass();
    clock.advance(51_000);
    renew('node-2');
    await pass();
    await pass();
    expect(taintsOf(nodeLister.get('node-1'))).toEqual(['node.kubernetes.io/unreachable:NoExecute']);
    // The kubelet is back but reports NotReady.
    renew('node-1');
    nodeLister.set({ ...node('node-1', 'a', 'False'), spec: nodeLister.get('node-1')!.spec });
    clock.advance(1_000);
    await pass();
    expect(taintsOf(nodeLister.get('node-1'))).toEqual(['node.kubernetes.io/not-ready:NoExecute']);
  });
});
