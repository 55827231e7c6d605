/**
 * Node lifecycle end to end, with the playground profile and real components: the apiserver (with
 * DefaultTolerationSeconds), the controller-manager, the scheduler and two in-process kubelets
 * (simulated runtime), each its own node heartbeating through its Lease. One kubelet is stopped,
 * as a power loss would stop it: its node goes Ready=Unknown and gets the unreachable taints, its
 * pods go not Ready, then are deleted after their tolerationSeconds (a Deployment's replaced on the
 * other node), except those that tolerate longer or forever. The kubelet comes back and the
 * taints go. kube-state-metrics shows what the KubeNodeNotReady and KubeNodeUnreachable alerts
 * read. The times from the last heartbeat are printed.
 */
import {
  builtinResources,
  type Condition,
  type Deployment,
  type Event,
  type Lease,
  type Node,
  type Pod,
  type ResourceDefinition,
  type Taint,
} from '@orchestra/api';
import { ApiClient, ResourceClient } from '@orchestra/client';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readKubeStateMetricsConfig } from '../../kube-state-metrics/src/kube-state-metrics.config';
import { KubeStateMetricsModule } from '../../kube-state-metrics/src/kube-state-metrics.module';
import { startTestKubelet, type TestKubelet } from '../../kubelet/test/kubelet-harness';
import { startTestScheduler, type TestScheduler } from '../../scheduler/test/scheduler-harness';
import { eventually, startTestControllerManager, type TestControllerManager } from './control-plane-harness';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
const PLAYGROUND = { PROFILE: 'playground' };
/** The playground profile's numbers (timingProfiles.playground). */
const GRACE_MS = 5_000;
const TOLERATION_S = 3;

const keys = (taints: Taint[] | undefined) => (taints ?? []).map((t) => `${t.key}:${t.effect}`).sort();
const ready = (o: { status?: { conditions?: Condition[] } } | undefined): Condition | undefined =>
  o?.status?.conditions?.find((c) => c.type === 'Ready');

function pod(name: string, nodeName: string, tolerations?: Pod['spec']['tolerations']): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { role: 'standalone' } },
    spec: { nodeName, tolerations, containers: [{ name: 'app', image: 'nginx:1.27' }] },
  };
}

describe('node lifecycle (playground profile)', () => {
  let api: TestApiserver;
  let client: ApiClient;
  let controllerManager: TestControllerManager;
  let scheduler: TestScheduler;
  let kubelet1: TestKubelet | undefined;
  let kubelet2: TestKubelet;
  let pods: ResourceClient<Pod>;
  let nodes: ResourceClient<Node>;
  /** kube-state-metrics, for the inputs of the KubeNodeNotReady and KubeNodeUnreachable alerts. */
  let ksm: INestApplication;

  beforeAll(async () => {
    api = await startTestApiserver('node-lifecycle', PLAYGROUND);
    client = new ApiClient({ baseUrl: api.url, userAgent: 'node-lifecycle-e2e', token: api.token });
    pods = client.resource<Pod>(def('Pod'));
    nodes = client.resource<Node>(def('Node'));
    controllerManager = await startTestControllerManager(api, PLAYGROUND);
    scheduler = await startTestScheduler(api);
    const ksmConfig = readKubeStateMetricsConfig({
      APISERVER_URL: api.url,
      KUBE_STATE_METRICS_PORT: '0',
      LOG_LEVEL: 'error',
      ...api.credentials.componentEnv('kube-state-metrics'),
    });
    ksm = await NestFactory.create(KubeStateMetricsModule.forRoot(ksmConfig), { logger: false });
    await ksm.listen(0, '127.0.0.1');
    // node-1 alone first, so the Deployment's pods land there.
    kubelet1 = await startTestKubelet(api, { NODE_NAME: 'node-1' });
    await kubelet1.service.started();
  });

  afterAll(async () => {
    await kubelet1?.close();
    await kubelet2?.close();
    await ksm?.close();
    await scheduler.close();
    await controllerManager.close();
    await api.close();
  });

  it('DefaultTolerationSeconds: a new pod gets not-ready and unreachable tolerations of 3 s; its own are left alone', async () => {
    const plain = await pods.create(pod('admitted-plain', 'nowhere'));
    expect(plain.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 3 },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 3,
      },
    ]);
    const own = {
      key: 'node.kubernetes.io/unreachable',
      operator: 'Exists' as const,
      effect: 'NoExecute' as const,
      tolerationSeconds: 600,
    };
    const mixed = await pods.create(pod('admitted-own', 'nowhere', [own]));
    expect(mixed.spec.tolerations).toEqual([
      own,
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 3 },
    ]);
    // An empty key with Exists tolerates every taint: nothing to add.
    const everything = await pods.create(pod('admitted-all', 'nowhere', [{ operator: 'Exists' }]));
    expect(everything.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    // A replace that leaves them out gets them back (an update may only add tolerations).
    const replaced = await pods.update({ ...plain, spec: { ...plain.spec, tolerations: undefined } });
    expect(replaced.spec.tolerations).toEqual(plain.spec.tolerations);
    for (const name of ['admitted-plain', 'admitted-own', 'admitted-all'])
      await pods.delete(name, 'default', { gracePeriodSeconds: 0 });
  });

  it('a node that stops heartbeating: Unknown, tainted, pods not Ready, evicted after tolerationSeconds and replaced elsewhere; longer and forever tolerations stay; back again, the taints go', async () => {
    const deployments = client.resource<Deployment>(def('Deployment'));
    await deployments.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
        },
      },
    });
    const patientS = 12;
    await pods.create(
      pod('patient', 'node-1', [
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: patientS,
        },
      ]),
    );
    await pods.create(
      pod('forever', 'node-1', [
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      ]),
    );
    const runningReady = (p: Pod) => p.status?.phase === 'Running' && ready(p)?.status === 'True';
    const webPods = async () => (await pods.list({ namespace: 'default', labelSelector: 'app=web' })).items;
    const original = await eventually(async () => {
      const items = await webPods();
      return (
        items.length === 2 && items.every((p) => p.spec.nodeName === 'node-1' && runningReady(p)) && items
      );
    }, 30_000);
    await eventually(async () => {
      const all = await Promise.all(['patient', 'forever'].map((n) => pods.get(n, 'default')));
      return all.every(runningReady);
    }, 30_000);

    kubelet2 = await startTestKubelet(api, { NODE_NAME: 'node-2' });
    await kubelet2.service.started();
    await eventually(async () => ready(await nodes.get('node-2'))?.status === 'True', 10_000);

    // Power loss: node-1's kubelet stops; its last heartbeat is the Lease's last renewal.
    await kubelet1!.close();
    kubelet1 = undefined;
    const lease = await client.resource<Lease>(def('Lease')).get('node-1', 'kube-node-lease');
    const node1 = await nodes.get('node-1');
    const lastHeartbeat = Math.max(
      Date.parse(lease.spec!.renewTime!),
      Date.parse(ready(node1)?.lastHeartbeatTime ?? '') || 0,
    );

    const notReadyAt = await eventually(async () => {
      const node = await nodes.get('node-1');
      return ready(node)?.status === 'Unknown' && Date.now();
    }, 20_000);
    const node = await nodes.get('node-1');
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'])
      expect(node.status!.conditions!.find((c) => c.type === type)).toMatchObject({
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
      });
    expect(notReadyAt - lastHeartbeat).toBeGreaterThanOrEqual(GRACE_MS - 250);

    const taintedAt = await eventually(async () => {
      const taints = keys((await nodes.get('node-1')).spec?.taints);
      return (
        taints.includes('node.kubernetes.io/unreachable:NoExecute') &&
        taints.includes('node.kubernetes.io/unreachable:NoSchedule') &&
        Date.now()
      );
    }, 10_000);
    // What the KubeNodeNotReady and KubeNodeUnreachable alerts read.
    const ksmUrl = (await ksm.getUrl()).replace('[::1]', '127.0.0.1');
    await eventually(async () => {
      const lines = (await (await fetch(`${ksmUrl}/metrics`)).text()).split('\n');
      return [
        'kube_node_status_condition{node="node-1",condition="Ready",status="true"} 0',
        'kube_node_status_condition{node="node-1",condition="Ready",status="unknown"} 1',
        'kube_node_spec_taint{node="node-1",key="node.kubernetes.io/unreachable",value="",effect="NoSchedule"} 1',
        'kube_node_spec_taint{node="node-1",key="node.kubernetes.io/unreachable",value="",effect="NoExecute"} 1',
      ].every((line) => lines.includes(line));
    }, 5_000);
    const noExecute = (await nodes.get('node-1')).spec!.taints!.find((t) => t.effect === 'NoExecute')!;
    expect(noExecute.timeAdded).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    // Every pod of the lost node is not Ready (out of its Services) before any is evicted.
    const marked = await eventually(async () => {
      const onNode = (await pods.list({ namespace: 'default' })).items.filter(
        (p) => p.spec.nodeName === 'node-1',
      );
      return onNode.every((p) => ready(p)?.status === 'False') && onNode;
    }, 10_000);
    expect(marked.length).toBe(4);

    const evictedAt = await eventually(async () => {
      const gone = await Promise.all(
        original.map(async (p) => {
          const current = await pods.get(p.metadata.name!, 'default').catch(() => undefined);
          return !current || !!current.metadata.deletionTimestamp;
        }),
      );
      return gone.every(Boolean) && Date.now();
    }, 20_000);
    // Not before tolerationSeconds from the taint (timeAdded has whole seconds: allow for that).
    expect(evictedAt - taintedAt).toBeGreaterThanOrEqual(TOLERATION_S * 1000 - 1_000);
    const evicted = await pods.get(original[0].metadata.name!, 'default').catch(() => undefined);
    if (evicted)
      expect(evicted.status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({
        status: 'True',
        reason: 'DeletionByTaintManager',
      });

    const replacedAt = await eventually(async () => {
      const live = (await webPods()).filter((p) => !p.metadata.deletionTimestamp);
      return (
        live.length === 2 && live.every((p) => p.spec.nodeName === 'node-2' && runningReady(p)) && Date.now()
      );
    }, 20_000);

    // The patient pod is still there when the others went, the forever one too.
    const patient = await pods.get('patient', 'default');
    expect(patient.metadata.deletionTimestamp).toBeUndefined();
    const patientGoneAt = await eventually(async () => {
      const current = await pods.get('patient', 'default').catch(() => undefined);
      return (!current || !!current.metadata.deletionTimestamp) && Date.now();
    }, 30_000);
    expect(patientGoneAt - taintedAt).toBeGreaterThanOrEqual(patientS * 1000 - 1_000);
    const forever = await pods.get('forever', 'default');
    expect(forever.metadata.deletionTimestamp).toBeUndefined();

    const events = (await client.resource<Event>(def('Event')).list({})).items;
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          reason: 'NodeNotReady',
          involvedObject: expect.objectContaining({ kind: 'Node', name: 'node-1' }),
          message: 'Node node-1 status is now: NodeNotReady',
        }),
        expect.objectContaining({
          reason: 'TaintManagerEviction',
          involvedObject: expect.objectContaining({ kind: 'Pod', name: original[0].metadata.name }),
          message: `Marking for deletion Pod default/${original[0].metadata.name}`,
        }),
      ]),
    );
    const metrics = await (await fetch(`${controllerManager.url}/metrics`)).text();
    const series = (name: string, zone?: string) =>
      new RegExp(
        `^${name}\\{${zone ? `zone="${zone}",` : ''}component="kube-controller-manager"\\} (\\S+)$`,
        'm',
      ).exec(metrics)?.[1];
    expect(series('node_collector_evictions_total', 'zone-a')).toBe('1');
    expect(series('node_collector_evictions_total', 'zone-b')).toBe('0');
    expect(series('node_collector_unhealthy_nodes_in_zone', 'zone-a')).toBe('1');
    expect(series('node_collector_zone_health', 'zone-a')).toBe('0');
    expect(series('node_collector_zone_health', 'zone-b')).toBe('100');
    expect(series('node_collector_zone_size', 'zone-b')).toBe('1');
    expect(series('taint_eviction_controller_pod_deletions_total')).toBe('3');

    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    process.stdout.write(
      `node-1 lost (playground profile): from its last heartbeat, NotReady after ${s(notReadyAt - lastHeartbeat)}, ` +
        `tainted after ${s(taintedAt - lastHeartbeat)}, pods evicted after ${s(evictedAt - lastHeartbeat)}, ` +
        `replacements Running on node-2 after ${s(replacedAt - lastHeartbeat)}\n`,
    );
    expect(replacedAt - lastHeartbeat).toBeLessThanOrEqual(15_000);

    // The kubelet comes back: Ready again, and every taint the controller added goes.
    kubelet1 = await startTestKubelet(api, { NODE_NAME: 'node-1' });
    await kubelet1.service.started();
    await eventually(async () => {
      const back = await nodes.get('node-1');
      return ready(back)?.status === 'True' && keys(back.spec?.taints).length === 0;
    }, 20_000);
    expect((await pods.get('forever', 'default')).metadata.deletionTimestamp).toBeUndefined();
  }, 120_000);

  it('a kubelet that reports Ready=False (heartbeats still coming): not-ready taints, pods evicted after 3 s; cordoned: unschedulable:NoSchedule; all gone when Ready again', async () => {
    const leases = client.resource<Lease>(def('Lease'));
    const now = () => new Date().toISOString().replace(/Z$/, '000Z');
    const condition = (status: 'True' | 'False'): Condition => ({
      type: 'Ready',
      status,
      reason: status === 'True' ? 'KubeletReady' : 'KubeletNotReady',
      message: status === 'True' ? 'kubelet is posting ready status' : 'container runtime is down',
      lastHeartbeatTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    await nodes.create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-9', labels: { 'topology.kubernetes.io/zone': 'zone-x' } },
      status: { capacity: { cpu: '4', memory: '8Gi', pods: '110' }, conditions: [condition('True')] },
    });
    // This test is node-9's kubelet: it renews the Lease every second throughout.
    let lease = await leases.create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'node-9', namespace: 'kube-node-lease' },
      spec: { holderIdentity: 'node-9', leaseDurationSeconds: 40, renewTime: now() },
    });
    const renewing = setInterval(() => {
      void leases
        .update({ ...lease, spec: { ...lease.spec, renewTime: now() } })
        .then((renewed) => (lease = renewed))
        .catch(() => undefined);
    }, 1_000);
    try {
      const setReady = async (status: 'True' | 'False') => {
        const current = await nodes.get('node-9');
        await nodes.updateStatus({
          ...current,
          status: { ...current.status, conditions: [condition(status)] },
        });
      };
      const setCordoned = async (unschedulable: boolean) => {
        const current = await nodes.get('node-9');
        await nodes.update({ ...current, spec: { ...current.spec, unschedulable } });
      };
      const taintsOf9 = async () => keys((await nodes.get('node-9')).spec?.taints);

      await setCordoned(true);
      await eventually(
        async () => (await taintsOf9()).join() === 'node.kubernetes.io/unschedulable:NoSchedule',
        10_000,
      );
      await setCordoned(false);
      await eventually(async () => (await taintsOf9()).length === 0, 10_000);

      await pods.create(pod('on-sick-node', 'node-9'));
      await setReady('False');
      await eventually(
        async () =>
          (await taintsOf9()).join() ===
          ['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/not-ready:NoSchedule'].join(),
        10_000,
      );
      // The heartbeats kept coming: the kubelet's own Ready=False stands, not Unknown.
      expect(ready(await nodes.get('node-9'))).toMatchObject({ status: 'False', reason: 'KubeletNotReady' });
      const taintedAt = Date.now();
      const evictedAt = await eventually(async () => {
        const current = await pods.get('on-sick-node', 'default').catch(() => undefined);
        return (!current || !!current.metadata.deletionTimestamp) && Date.now();
      }, 15_000);
      expect(evictedAt - taintedAt).toBeGreaterThanOrEqual(TOLERATION_S * 1000 - 1_500);

      await setReady('True');
      await eventually(async () => (await taintsOf9()).length === 0, 10_000);
    } finally {
      clearInterval(renewing);
    }
  }, 60_000);
});
