import { Node, Pod } from '@orchestra/api';
import { Lister } from '@orchestra/client';
import { createLogger } from '@orchestra/observability';
import { Registry } from 'prom-client';
import {
  missingNodes,
  quarantineOver,
  TAINT_NODE_OUT_OF_SERVICE,
  terminatingOutOfService,
  unscheduledTerminating,
} from './podgc-decision';
import { PodGcApi, PodGcController } from './podgc.controller';
import { podGcMetrics } from './podgc.metrics';

function lister<T extends { metadata: { name?: string; namespace?: string } }>(items: T[]): Lister<T> {
  const key = (o: T) =>
    o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name!;
  return {
    get: (k) => items.find((o) => key(o) === k),
    list: () => [...items],
    keys: () => items.map(key),
    byIndex: () => [],
  };
}

const pod = (name: string, nodeName?: string, extra: Partial<Pod['metadata']> = {}): Pod => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}`, ...extra },
  spec: { nodeName, containers: [{ name: 'app' }] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
});
const node = (name: string, ready = true, taints: Node['spec'] = {}): Node => ({
  metadata: { name },
  spec: taints,
  status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'Unknown' }] },
});
const terminating = { deletionTimestamp: '2026-01-01T00:00:00Z' };

describe('pod garbage collection decisions', () => {
  it('finds the nodes pods are bound to that the cache does not have', () => {
    expect([...missingNodes([pod('a', 'n1'), pod('b', 'gone'), pod('c')], [node('n1')])]).toEqual(['gone']);
  });

  it('quarantines a missing node first, then hands it over for a lookup; a node that is back is forgotten', () => {
    const quarantine = new Map<string, number>();
    expect(quarantineOver(quarantine, new Set(['gone']), 1000, 2000)).toEqual([]);
    expect(quarantineOver(quarantine, new Set(['gone']), 2500, 2000)).toEqual([]);
    expect(quarantineOver(quarantine, new Set(['gone']), 3000, 2000)).toEqual(['gone']);
    expect(quarantineOver(quarantine, new Set(), 3500, 2000)).toEqual([]);
    expect(quarantine.size).toBe(0);
  });

  it('collects terminating pods only on not-Ready out-of-service nodes, and unscheduled terminating pods', () => {
    const outOfService = { taints: [{ key: TAINT_NODE_OUT_OF_SERVICE, effect: 'NoExecute' as const }] };
    const nodes = [
      node('lost', false, outOfService),
      node('ready', true, outOfService),
      node('plain', false),
    ];
    const pods = [
      pod('a', 'lost', terminating),
      pod('b', 'lost'),
      pod('c', 'ready', terminating),
      pod('d', 'plain', terminating),
      pod('e', undefined, terminating),
    ];
    expect(terminatingOutOfService(pods, nodes).map((p) => p.metadata.name)).toEqual(['a']);
    expect(unscheduledTerminating(pods).map((p) => p.metadata.name)).toEqual(['e']);
  });
});

describe(PodGcController.name, () => {
  function setup(pods: Pod[], nodes: Node[], existing: string[] = []) {
    const clock = { ms: 0, now: () => clock.ms };
    const calls: string[] = [];
    const api: PodGcApi = {
      nodeExists: async (name) => existing.includes(name),
      updatePodStatus: async (p) => {
        const reason = p.status?.conditions?.find((c) => c.type === 'DisruptionTarget')?.reason ?? '-';
        calls.push(`status ${p.metadata.name} ${p.status?.phase} ${reason}`);
        return p;
      },
      forceDeletePod: async (_ns, name, uid) => void calls.push(`delete ${name} ${uid}`),
    };
    const registry = new Registry();
    const controller = new PodGcController({
      pods: lister(pods),
      nodes: lister(nodes),
      api,
      metrics: podGcMetrics(registry),
      logger: createLogger({ component: 'test', level: 'error' }),
      clock,
      periodMs: 1000,
      quarantineMs: 2000,
    });
    // Active without its timer: gc() is driven by the test.
    (controller as unknown as { running: boolean }).running = true;
    return { controller, clock, calls, registry };
  }

  it('force-deletes the pods of a node that is gone after the quarantine, marked Failed by PodGC', async () => {
    const { controller, clock, calls, registry } = setup(
      [pod('web-1', 'gone', terminating), pod('web-0', 'here')],
      [node('here')],
    );
    await controller.gc();
    clock.ms = 1000;
    await controller.gc();
    expect(calls).toEqual([]);
    clock.ms = 2000;
    await controller.gc();
    expect(calls).toEqual(['status web-1 Failed DeletionByPodGC', 'delete web-1 uid-web-1']);
    const metrics = await registry.getSingleMetricAsString('pod_gc_collector_force_delete_pods_total');
    expect(metrics).toContain(
      'pod_gc_collector_force_delete_pods_total{namespace="default",reason="orphaned"} 1',
    );
  });

  it('leaves the pods of a node the cache lacks but the apiserver has (a new node)', async () => {
    const { controller, clock, calls } = setup([pod('web-1', 'new')], [], ['new']);
    await controller.gc();
    clock.ms = 5000;
    await controller.gc();
    expect(calls).toEqual([]);
  });

  it('never touches a terminating pod on a node that is only lost: its kubelet may come back', async () => {
    const { controller, clock, calls } = setup([pod('web-1', 'lost', terminating)], [node('lost', false)]);
    for (clock.ms = 0; clock.ms < 10_000; clock.ms += 1000) await controller.gc();
    expect(calls).toEqual([]);
  });
});
