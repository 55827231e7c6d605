/**
 * Deployments end to end: the apiserver's dispatcher, the controller-manager, the scheduler and
 * a stand-in kubelet turn a Deployment into bound, running pods; rollouts keep Kubernetes'
 * surge and availability bounds; deletion is garbage-collected.
 */
import {
  builtinResources,
  Deployment,
  Pod,
  ReplicaSet,
  ResourceDefinition,
  WatchEvent,
} from '@orchestra/api';
import { ResourceClient } from '@orchestra/client';
import { StandinKubelet } from '../../../tools/testing/standin-kubelet';
import { eventually, startTestControlPlane, TestControlPlane } from './control-plane-harness';

process.env.LOG_LEVEL ??= 'error';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

const deployment = (
  name: string,
  replicas: number,
  image: string,
  extra: Partial<Deployment['spec']> = {},
): Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [{ name: 'web', image, resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
      },
    },
    ...extra,
  },
});

const ready = (pod: Pod) =>
  pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

describe('Deployments on a control plane', () => {
  let plane: TestControlPlane;
  let pods: ResourceClient<Pod>;
  let deployments: ResourceClient<Deployment>;
  let replicaSets: ResourceClient<ReplicaSet>;

  const podsOf = async (app: string) =>
    (await pods.list({ namespace: 'default', labelSelector: `app=${app}` })).items;
  const live = (list: Pod[]) => list.filter((p) => !p.metadata.deletionTimestamp);

  beforeAll(async () => {
    plane = await startTestControlPlane('workloads');
    pods = plane.client.resource<Pod>(def('Pod'));
    deployments = plane.client.resource<Deployment>(def('Deployment'));
    replicaSets = plane.client.resource<ReplicaSet>(def('ReplicaSet'));
    await StandinKubelet.createNodes(plane.client, [
      { name: 'node-a', zone: 'a' },
      { name: 'node-b', zone: 'b' },
      { name: 'node-c', zone: 'c' },
    ]);
  }, 60_000);
  afterAll(() => plane.close());

  it('turns a Deployment of 10 replicas into 10 bound, ready pods spread over 3 nodes', async () => {
    await deployments.create(deployment('web', 10, 'nginx:1.27'));
    const running = await eventually(
      async () => {
        const list = live(await podsOf('web'));
        return list.length === 10 && list.every((p) => p.spec.nodeName && ready(p)) && list;
      },
      30_000,
      '10 ready pods',
    );
    const perNode = new Map<string, number>();
    for (const p of running) perNode.set(p.spec.nodeName!, (perNode.get(p.spec.nodeName!) ?? 0) + 1);
    expect([...perNode.keys()].sort()).toEqual(['node-a', 'node-b', 'node-c']);
    for (const count of perNode.values()) expect(count).toBeGreaterThanOrEqual(3);
    const status = await eventually(
      async () => {
        const d = await deployments.get('web', 'default');
        return d.status?.availableReplicas === 10 && d.status;
      },
      20_000,
      'deployment status',
    );
    expect(status).toMatchObject({
      replicas: 10,
      updatedReplicas: 10,
      readyReplicas: 10,
      availableReplicas: 10,
    });
    expect(status.conditions?.map((c) => c.type).sort()).toEqual(['Available', 'Progressing']);
  }, 60_000);

  it('rolls out a new image without exceeding maxSurge or dropping below maxUnavailable', async () => {
    // replicas 10, 25% / 25%: at most 13 pods, at least 8 available, at every state a watch shows.
    const list = await pods.list({ namespace: 'default', labelSelector: 'app=web' });
    const state = new Map<string, Pod>(list.items.map((p) => [p.metadata.name!, p]));
    const violations: string[] = [];
    const controller = new AbortController();
    const watching = pods.watch(
      { namespace: 'default', labelSelector: 'app=web', resourceVersion: list.resourceVersion },
      (event: WatchEvent<Pod>) => {
        if (event.type === 'BOOKMARK') return;
        if (event.type === 'DELETED') state.delete(event.object.metadata.name!);
        else state.set(event.object.metadata.name!, event.object);
        const all = [...state.values()].filter((p) => !p.metadata.deletionTimestamp);
        const available = all.filter(ready).length;
        if (all.length > 13) violations.push(`${all.length} pods`);
        if (available < 8) violations.push(`${available} available`);
      },
      controller.signal,
    );
    // As `kubectl set image` does: a strategic merge patch of the template.
    await deployments.patch(
      'web',
      'default',
      { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } },
      'strategic',
    );
    await eventually(
      async () => {
        const d = await deployments.get('web', 'default');
        const list = live(await podsOf('web'));
        return (
          d.status?.updatedReplicas === 10 &&
          d.status?.availableReplicas === 10 &&
          d.status.replicas === 10 &&
          list.length === 10 &&
          list.every((p) => p.spec.containers[0].image === 'nginx:1.28')
        );
      },
      60_000,
      'rollout to nginx:1.28',
    );
    controller.abort();
    await watching.catch(() => undefined);
    expect(violations).toEqual([]);
    const sets = (await replicaSets.list({ namespace: 'default', labelSelector: 'app=web' })).items;
    expect(sets).toHaveLength(2);
    const revisions = sets.map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision']).sort();
    expect(revisions).toEqual(['1', '2']);
  }, 90_000);

  it('scales 10 → 3 by deleting not-ready pods first', async () => {
    const before = live(await podsOf('web'));
    const notReady = before.slice(0, 2).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    for (const key of notReady) plane.kubelet.holdNotReady.add(key);
    // Flip those two to not ready through the stand-in kubelet's next sync.
    for (const p of before.slice(0, 2)) {
      await pods.patchStatus(
        p.metadata.name!,
        'default',
        { status: { conditions: [{ type: 'Ready', status: 'False' }] } },
        'merge',
      );
    }
    await eventually(
      async () => {
        const list = live(await podsOf('web'));
        return list.filter((p) => !ready(p)).length === 2;
      },
      10_000,
      'two pods not ready',
    );
    await deployments.patch('web', 'default', { spec: { replicas: 3 } }, 'merge');
    const remaining = await eventually(
      async () => {
        const list = live(await podsOf('web'));
        return list.length === 3 && list;
      },
      30_000,
      '3 pods left',
    );
    const remainingKeys = remaining.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    for (const key of notReady) expect(remainingKeys).not.toContain(key);
    for (const key of notReady) plane.kubelet.holdNotReady.delete(key);
  }, 60_000);

  it('garbage-collects the ReplicaSets and pods of a deleted Deployment', async () => {
    await deployments.delete('web', 'default');
    await eventually(
      async () => {
        const sets = (await replicaSets.list({ namespace: 'default', labelSelector: 'app=web' })).items;
        const list = await podsOf('web');
        return sets.length === 0 && list.length === 0;
      },
      30_000,
      'replicasets and pods of web to be gone',
    );
  }, 60_000);

  it('orphans the pods of a ReplicaSet deleted with propagationPolicy=Orphan', async () => {
    await deployments.create(deployment('orphans', 2, 'nginx:1.27'));
    await eventually(async () => live(await podsOf('orphans')).length === 2, 30_000, '2 orphans pods');
    await deployments.delete('orphans', 'default', { propagationPolicy: 'Orphan' });
    await eventually(
      async () => {
        const sets = (await replicaSets.list({ namespace: 'default', labelSelector: 'app=orphans' })).items;
        return sets.every((rs) => !rs.metadata.ownerReferences?.length) && sets.length === 1;
      },
      30_000,
      'the ReplicaSet to be orphaned',
    );
    await eventually(
      async () =>
        (await deployments.list({ namespace: 'default' })).items.every((d) => d.metadata.name !== 'orphans'),
      20_000,
      'the deployment to go',
    );
    expect(live(await podsOf('orphans'))).toHaveLength(2);
  }, 60_000);

  it('deletes in the foreground: dependents first, the owner last', async () => {
    await deployments.create(deployment('fg', 2, 'nginx:1.27'));
    await eventually(async () => live(await podsOf('fg')).length === 2, 30_000, '2 fg pods');
    await deployments.delete('fg', 'default', { propagationPolicy: 'Foreground' });
    const whileDeleting = await deployments.get('fg', 'default').catch(() => undefined);
    if (whileDeleting) expect(whileDeleting.metadata.finalizers).toContain('foregroundDeletion');
    await eventually(
      async () => {
        const gone = await deployments.get('fg', 'default').then(
          () => false,
          () => true,
        );
        return gone && (await podsOf('fg')).length === 0;
      },
      30_000,
      'fg and its pods to be gone',
    );
  }, 60_000);
});
