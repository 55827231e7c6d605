import { Node, Pod, Toleration } from '@orchestra/api';
import { Lister } from '@orchestra/client';
import { Registry } from 'prom-client';
import { EventSink, EventTarget } from '../controller-utils';
import { TaintEvictionReconciler } from './taint-eviction.reconciler';
import { taintEvictionMetrics } from './taint-eviction.metrics';

const T0 = Date.parse('2026-01-01T00:00:10Z');

function lister<T extends { metadata: { name?: string; namespace?: string } }>(items: T[]): Lister<T> {
  const key = (o: T) =>
    o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name!;
  const map = new Map(items.map((o) => [key(o), o]));
  return {
    get: (k) => map.get(k),
    list: () => [...map.values()],
    keys: () => [...map.keys()],
    byIndex: () => [],
  };
}

const unreachable = (timeAdded?: string) => ({
  key: 'node.kubernetes.io/unreachable',
  effect: 'NoExecute' as const,
  timeAdded,
});

function setup(tolerations: Toleration[] | undefined, taints = [unreachable('2026-01-01T00:00:10Z')]) {
  const clock = { ms: T0, now: () => clock.ms };
  const pod: Pod = {
    metadata: { name: 'web', namespace: 'default', uid: 'u1' },
    spec: { nodeName: 'node-1', tolerations, containers: [] },
  };
  const node: Node = { metadata: { name: 'node-1' }, spec: { taints } };
  const evicted: string[] = [];
  const events: string[] = [];
  const sink: EventSink = {
    normal: (o: EventTarget, reason, message) => events.push(`${reason}: ${message}`),
    warning: (o: EventTarget, reason, message) => events.push(`${reason}: ${message}`),
  };
  const nodes = [node];
  const reconciler = new TaintEvictionReconciler({
    pods: lister([pod]),
    nodes: lister(nodes),
    api: { evictPod: async (ns, name) => (evicted.push(`${ns}/${name}`), true) },
    events: sink,
    metrics: taintEvictionMetrics(new Registry()),
    clock,
  });
  return { clock, reconciler, evicted, events, node };
}

const tolerate = (tolerationSeconds?: number): Toleration[] => [
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds },
];

describe(TaintEvictionReconciler.name, () => {
  it('evicts a pod that does not tolerate the taint at once', async () => {
    const { reconciler, evicted, events } = setup(undefined);
    expect(await reconciler.reconcile('default/web')).toBeUndefined();
    expect(evicted).toEqual(['default/web']);
    expect(events).toEqual(['TaintManagerEviction: Marking for deletion Pod default/web']);
  });

  it('waits tolerationSeconds from the taint (the end of its whole second), then evicts', async () => {
    const { clock, reconciler, evicted } = setup(tolerate(3));
    expect(await reconciler.reconcile('default/web')).toEqual({ requeueAfterMs: 3_999 });
    clock.ms += 3_998;
    expect(await reconciler.reconcile('default/web')).toEqual({ requeueAfterMs: 1 });
    expect(evicted).toEqual([]);
    clock.ms += 1;
    await reconciler.reconcile('default/web');
    expect(evicted).toEqual(['default/web']);
  });

  it('a restarted controller keeps the clock of the taint: past due, the pod goes at once', async () => {
    const { clock, reconciler, evicted } = setup(tolerate(300));
    clock.ms += 301_000;
    await reconciler.reconcile('default/web');
    expect(evicted).toEqual(['default/web']);
  });

  it('never evicts a pod that tolerates forever', async () => {
    const { clock, reconciler, evicted } = setup(tolerate(undefined));
    clock.ms += 86_400_000;
    expect(await reconciler.reconcile('default/web')).toBeUndefined();
    expect(evicted).toEqual([]);
  });

  it('cancels a scheduled eviction when the taint goes, with an Event', async () => {
    const { reconciler, evicted, events, node } = setup(tolerate(3));
    await reconciler.reconcile('default/web');
    node.spec!.taints = [];
    expect(await reconciler.reconcile('default/web')).toBeUndefined();
    expect(evicted).toEqual([]);
    expect(events).toEqual(['TaintManagerEviction: Cancelling deletion of Pod default/web']);
  });

  it('counts a taint without timeAdded from when it was first seen', async () => {
    const { clock, reconciler, evicted } = setup(tolerate(3), [unreachable(undefined)]);
    expect(await reconciler.reconcile('default/web')).toEqual({ requeueAfterMs: 3_000 });
    clock.ms += 2_000;
    expect(await reconciler.reconcile('default/web')).toEqual({ requeueAfterMs: 1_000 });
    clock.ms += 1_000;
    await reconciler.reconcile('default/web');
    expect(evicted).toEqual(['default/web']);
  });
});
