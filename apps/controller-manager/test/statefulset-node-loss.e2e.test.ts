/**
 * A StatefulSet losing nodes, on real simulated nodes (one in-process kubelet running three nodes,
 * playground profile: a node is NotReady ~5 s after its last heartbeat, its pods evicted 3 s
 * later) with the chaos `node-down` action. Kubernetes' at-most-one-pod-per-ordinal guarantee,
 * checked on the pods' watch over the whole test: there is never a second pod named web-1 while
 * the first still exists.
 *  - The node of web-1 loses power for 30 s: web-1 is evicted (deletionTimestamp) but nobody can
 *    confirm its stop, so it stays, terminating, and the StatefulSet waits. When the node is back
 *    its kubelet confirms, and only then a new web-1 is created, on the same claim.
 *  - The node of web-1 loses power and is then deleted: the pod garbage collector force-deletes
 *    the pods bound to the node that no longer exists, and web-1 comes back elsewhere.
 */
import {
  builtinResources,
  CHAOS_API_VERSION,
  ChaosExperiment,
  Node,
  PersistentVolumeClaim,
  Pod,
  ResourceDefinition,
  Service,
  StatefulSet,
} from '@orchestra/api';
import { ApiClient } from '@orchestra/client';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { startTestKubelet, type TestKubelet } from '../../kubelet/test/kubelet-harness';
import { startTestScheduler, type TestScheduler } from '../../scheduler/test/scheduler-harness';
import { eventually, startTestControllerManager, type TestControllerManager } from './control-plane-harness';

process.env.LOG_LEVEL ??= 'error';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
const namespace = 'default';
const PLAYGROUND = { PROFILE: 'playground' };

const isReady = (p: Pod) =>
  p.status?.phase === 'Running' &&
  !!p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

const statefulSet: StatefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web', namespace },
  spec: {
    replicas: 3,
    serviceName: 'web',
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
            resources: { requests: { cpu: '10m', memory: '16Mi' } },
          },
        ],
      },
    },
    volumeClaimTemplates: [
      {
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    ],
  },
};

const nodeDown = (name: string, node: string, duration: string): ChaosExperiment => ({
  apiVersion: CHAOS_API_VERSION,
  kind: 'ChaosExperiment',
  metadata: { name, namespace },
  spec: { action: 'node-down', mode: 'one', selector: { nodes: [node] }, duration },
});

describe('StatefulSet on lost nodes (playground profile)', () => {
  let api: TestApiserver;
  let client: ApiClient;
  let controllerManager: TestControllerManager;
  let scheduler: TestScheduler;
  let kubelet: TestKubelet;
  const pods = () => client.resource<Pod>(def('Pod'));
  const webPod = async (name: string) =>
    (await pods().list({ namespace, labelSelector: 'app=web' })).items.find((p) => p.metadata.name === name);

  /** Every web-1 the watch has seen and not yet seen deleted, by uid; the most ever at once. */
  const liveWeb1 = new Set<string>();
  let mostWeb1 = 0;
  const timeline: string[] = [];
  const watchAbort = new AbortController();
  let watching: Promise<void> | undefined;
  /** The watch must cover the whole test: it may only end when the test aborts it. */
  let watchEnded = false;

  beforeAll(async () => {
    api = await startTestApiserver('statefulset-node-loss', PLAYGROUND);
    client = new ApiClient({ baseUrl: api.url, userAgent: 'statefulset-node-loss-e2e', token: api.token });
    controllerManager = await startTestControllerManager(api, PLAYGROUND);
    scheduler = await startTestScheduler(api);
    kubelet = await startTestKubelet(api, { NODES: '3', NODE_NAME_PREFIX: 'sts' });
    await kubelet.service.started();
    const { resourceVersion } = await pods().list({ namespace, labelSelector: 'app=web' });
    watching = pods()
      .watch(
        { namespace, labelSelector: 'app=web', resourceVersion },
        ({ type, object }) => {
          if (type === 'BOOKMARK' || object.metadata.name !== 'web-1') return;
          const uid = object.metadata.uid ?? '';
          if (type === 'DELETED') liveWeb1.delete(uid);
          else liveWeb1.add(uid);
          mostWeb1 = Math.max(mostWeb1, liveWeb1.size);
          const state = object.metadata.deletionTimestamp ? 'terminating' : (object.status?.phase ?? '');
          timeline.push(`${type} web-1 ${uid.slice(0, 8)} ${state} on ${object.spec.nodeName ?? '-'}`);
        },
        watchAbort.signal,
      )
      .catch((error: unknown) => {
        timeline.push(`watch failed: ${String(error)}`);
      })
      .finally(() => {
        watchEnded = true;
      });
  }, 60_000);

  afterAll(async () => {
    watchAbort.abort();
    await watching;
    await kubelet?.close();
    await scheduler?.close();
    await controllerManager?.close();
    await api?.close();
  });

  const allReady = () =>
    eventually(
      async () => {
        const live = (await pods().list({ namespace, labelSelector: 'app=web' })).items.filter(
          (p) => !p.metadata.deletionTimestamp,
        );
        return live.length === 3 && live.every(isReady);
      },
      60_000,
      'web-0..2 ready',
    );

  it('waits for a lost node to come back before web-1 has a successor, on the same claim', async () => {
    await client.resource<Service>(def('Service')).create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace },
      spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    await client.resource<StatefulSet>(def('StatefulSet')).create(statefulSet);
    await allReady();
    const claim = await client
      .resource<PersistentVolumeClaim>(def('PersistentVolumeClaim'))
      .get('data-web-1', namespace);
    const first = (await webPod('web-1'))!;
    const node = first.spec.nodeName!;

    await client.resource<ChaosExperiment>(def('ChaosExperiment')).create(nodeDown('power-cut', node, '30s'));
    const evictedAt = await eventually(
      async () => ((await webPod('web-1'))?.metadata.deletionTimestamp ? Date.now() : undefined),
      30_000,
      'web-1 evicted from the lost node',
    );
    // The node is still down (30 s): the old web-1 cannot be confirmed gone, so it stays the only one.
    await new Promise((r) => setTimeout(r, 4000));
    const stuck = await webPod('web-1');
    expect(stuck?.metadata.uid).toBe(first.metadata.uid);
    expect(stuck?.metadata.deletionTimestamp).toBeDefined();
    expect(liveWeb1.size).toBe(1);

    // Back on, the kubelet confirms the stop; then the StatefulSet creates web-1 anew.
    const second = await eventually(
      async () => {
        const pod = await webPod('web-1');
        return pod && pod.metadata.uid !== first.metadata.uid && isReady(pod) ? pod : undefined;
      },
      60_000,
      'a new web-1, ready, once the node is back',
    );
    expect(Date.now() - evictedAt).toBeGreaterThan(4000);
    expect(second.spec.volumes).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: 'data-web-1' } },
    ]);
    const after = await client
      .resource<PersistentVolumeClaim>(def('PersistentVolumeClaim'))
      .get('data-web-1', namespace);
    expect(after.metadata.uid).toBe(claim.metadata.uid);
    await allReady();
    expect({ mostWeb1, watchEnded, timeline }).toMatchObject({ mostWeb1: 1, watchEnded: false });
  }, 150_000);

  it('force-deletes the pods of a deleted node (pod garbage collector), and web-1 comes back elsewhere', async () => {
    const before = (await webPod('web-1'))!;
    const node = before.spec.nodeName!;
    await client
      .resource<ChaosExperiment>(def('ChaosExperiment'))
      .create(nodeDown('power-gone', node, '10m'));
    await eventually(
      async () => !!(await webPod('web-1'))?.metadata.deletionTimestamp,
      30_000,
      'web-1 evicted from the lost node',
    );
    await new Promise((r) => setTimeout(r, 2000));
    expect((await webPod('web-1'))?.metadata.uid).toBe(before.metadata.uid);

    // The node is removed for good: nothing will ever confirm its pods' stop but the collector.
    await client.resource<Node>(def('Node')).delete(node);
    const replaced = await eventually(
      async () => {
        const pod = await webPod('web-1');
        return pod && pod.metadata.uid !== before.metadata.uid && isReady(pod) ? pod : undefined;
      },
      60_000,
      'web-1 back on another node',
    );
    expect(replaced.spec.nodeName).not.toBe(node);
    await allReady();
    const metrics = await (await fetch(`${controllerManager.url}/metrics`)).text();
    expect(metrics).toMatch(/pod_gc_collector_force_delete_pods_total\{[^}]*reason="orphaned"[^}]*\} [1-9]/);
    expect({ mostWeb1, watchEnded, timeline }).toMatchObject({ mostWeb1: 1, watchEnded: false });
  }, 150_000);
});
