/**
 * DaemonSet end to end with a whole control plane (apiserver, controller-manager, scheduler,
 * stand-in kubelet): exactly one daemon pod per eligible node as nodes are added, relabelled,
 * tainted and removed; the pods are placed by the default scheduler through their matchFields
 * node affinity; `kubectl get ds` and `kubectl rollout status ds/agent` through a TLS front.
 * daemonset-rolling-update.e2e.test.ts checks maxUnavailable on real simulated nodes.
 */
import { builtinResources, DaemonSet, Node, Pod, ResourceDefinition, Taint } from '@orchestra/api';
import { StandinKubelet } from '../../../tools/testing/standin-kubelet';
import { tlsKubectlSession } from '../../../tools/testing/tls-kubectl-session';
import type { KubectlSession } from '../../../tools/testing/kubectl-session';
import { installedKubectlClients } from '../../apiserver/test/kubectl-clients';
import { eventually, startTestControlPlane, TestControlPlane } from './control-plane-harness';

process.env.LOG_LEVEL ??= 'error';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
const namespace = 'default';
const kubectlPath = installedKubectlClients()[0]?.path;

function daemonSet(image: string): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: {
          nodeSelector: { role: 'worker' },
          containers: [{ name: 'agent', image, resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
        },
      },
    },
  };
}

let plane: TestControlPlane;
const nodes = () => plane.client.resource<Node>(def('Node'));
const daemonSets = () => plane.client.resource<DaemonSet>(def('DaemonSet'));
const livePods = async () =>
  (await plane.client.resource<Pod>(def('Pod')).list({ namespace, labelSelector: 'app=agent' })).items.filter(
    (p) => !p.metadata.deletionTimestamp,
  );

async function addNode(name: string, labels: Record<string, string>, taints?: Taint[]): Promise<void> {
  await StandinKubelet.createNodes(plane.client, [{ name, taints }]);
  await relabel(name, labels);
}
async function relabel(name: string, labels: Record<string, string>): Promise<void> {
  // Retried on a fresh copy when another writer (a controller) got there first: 409 Conflict.
  await eventually(async () => {
    const node = await nodes().get(name);
    return nodes().update({
      ...node,
      metadata: { ...node.metadata, labels: { ...node.metadata.labels, ...labels } },
    });
  });
}
/** Changes the DaemonSet's template, retried on a conflict with the controller's status writes. */
const changeTemplate = (change: (spec: DaemonSet['spec']['template']['spec']) => void) =>
  eventually(async () => {
    const ds = await daemonSets().get('agent', namespace);
    change(ds.spec.template.spec);
    return daemonSets().update(ds);
  });

/** Waits until the running daemon pods are exactly one on each of `expected` (sorted node names). */
const podsOn = (expected: string[]) =>
  eventually(
    async () => {
      const pods = await livePods();
      const bound = pods.map((p) => p.spec.nodeName ?? '?').sort();
      return (
        JSON.stringify(bound) === JSON.stringify([...expected].sort()) &&
        pods.every((p) => p.status?.phase === 'Running')
      );
    },
    30_000,
    `one running daemon pod on each of ${expected.join(', ')}`,
  );

beforeAll(async () => {
  plane = await startTestControlPlane('daemonset');
  await addNode('worker-1', { role: 'worker' });
  await addNode('worker-2', { role: 'worker' });
  await addNode('infra-1', { role: 'infra' });
}, 60_000);
afterAll(async () => {
  await plane?.close();
});

describe('DaemonSet', () => {
  it('runs exactly one pod per eligible node as nodes come, change and go', async () => {
    await daemonSets().create(daemonSet('agent:1'));
    await podsOn(['worker-1', 'worker-2']);
    const [one] = await livePods();
    expect(one.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
      nodeSelectorTerms: [
        { matchFields: [{ key: 'metadata.name', operator: 'In', values: [one.spec.nodeName] }] },
      ],
    });
    expect(one.metadata.labels?.['controller-revision-hash']).toBeTruthy();

    // A tainted worker is skipped; tolerating the taint brings a pod to it.
    await addNode('worker-3', { role: 'worker' }, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
    await addNode('worker-4', { role: 'worker' });
    await podsOn(['worker-1', 'worker-2', 'worker-4']);

    // The node selector stops matching: the pod there goes.
    await relabel('worker-2', { role: 'infra' });
    await podsOn(['worker-1', 'worker-4']);

    // A node that is deleted takes its pod with it.
    await nodes().delete('worker-4');
    await podsOn(['worker-1']);

    await eventually(
      async () => {
        const status = (await daemonSets().get('agent', namespace)).status;
        return (
          status?.desiredNumberScheduled === 1 &&
          status.currentNumberScheduled === 1 &&
          status.numberReady === 1 &&
          status.numberMisscheduled === 0
        );
      },
      20_000,
      'status of one scheduled, ready pod',
    );
  }, 120_000);

  it('tolerating the taint places a pod on the tainted node', async () => {
    await changeTemplate((spec) => {
      spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }];
    });
    await podsOn(['worker-1', 'worker-3']);
  }, 60_000);

  it('adopts a matching orphan pod and deletes it as a second pod on its node', async () => {
    const pods = plane.client.resource<Pod>(def('Pod'));
    await pods.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stray-agent', namespace, labels: { app: 'agent' } },
      spec: { nodeName: 'worker-1', containers: [{ name: 'agent', image: 'agent:0' }] },
    });
    await eventually(
      async () => !(await livePods()).some((p) => p.metadata.name === 'stray-agent'),
      20_000,
      'the orphan deleted',
    );
    await podsOn(['worker-1', 'worker-3']);
  }, 60_000);

  (kubectlPath ? describe : describe.skip)('with kubectl', () => {
    let session: KubectlSession;
    beforeAll(async () => {
      session = await tlsKubectlSession(kubectlPath!, plane.api.url);
    });
    afterAll(async () => {
      await session?.close();
    });

    it('`kubectl rollout status` and `kubectl get ds` show the rolled out DaemonSet', async () => {
      expect(
        await session.kubectl('rollout', 'status', 'ds/agent', '-n', namespace, '--timeout=60s'),
      ).toContain('daemon set "agent" successfully rolled out');
      const table = await session.kubectl('get', 'ds', '-n', namespace);
      const [header, row] = table.trim().split('\n');
      expect(header.split(/\s{2,}/)).toEqual([
        'NAME',
        'DESIRED',
        'CURRENT',
        'READY',
        'UP-TO-DATE',
        'AVAILABLE',
        'NODE SELECTOR',
        'AGE',
      ]);
      expect(row.split(/\s+/).slice(0, 7)).toEqual(['agent', '2', '2', '2', '2', '2', 'role=worker']);
    }, 90_000);

    it('`kubectl set image` rolls out a new image and `kubectl rollout status` waits for every node', async () => {
      // A strategic merge patch of the template, as kubectl sends it.
      expect(await session.kubectl('set', 'image', 'ds/agent', 'agent=agent:2', '-n', namespace)).toContain(
        'daemonset.apps/agent image updated',
      );
      expect(
        await session.kubectl('rollout', 'status', 'ds/agent', '-n', namespace, '--timeout=60s'),
      ).toContain('daemon set "agent" successfully rolled out');
      await podsOn(['worker-1', 'worker-3']);
      const pods = await livePods();
      expect(pods.map((p) => p.spec.containers[0].image)).toEqual(['agent:2', 'agent:2']);
    }, 90_000);

    it('`kubectl describe ds` shows the counts and events; `kubectl delete ds` takes the pods along', async () => {
      const described = await session.kubectl('describe', 'ds/agent', '-n', namespace);
      expect(described).toMatch(/Desired Number of Nodes Scheduled: 2/);
      expect(described).toMatch(/Number of Nodes Scheduled with Up-to-date Pods: 2/);
      expect(described).toMatch(/Pods Status:\s+2 Running/);
      expect(described).toContain('SuccessfulCreate');
      expect(await session.kubectl('delete', 'ds', 'agent', '-n', namespace)).toContain(
        'daemonset.apps "agent" deleted',
      );
      await eventually(async () => (await livePods()).length === 0, 20_000, 'the daemon pods deleted');
    }, 90_000);
  });
});
