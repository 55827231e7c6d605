import { Pod, ReplicaSet } from '@orchestra/api';
import { ApiError } from '@orchestra/api';
import { rfc3339 } from '../controller-utils/clock';
import { SimulatedCluster, readyCondition, replicaSet } from '../controller-utils/test/workload-fixtures';
import { ReplicaSetReconciler } from './replicaset.reconciler';

const key = 'default/web';

function setup(replicas: number) {
  const sim = new SimulatedCluster();
  sim.cluster.put('replicasets', replicaSet('web', replicas));
  return sim;
}
const rs = (sim: SimulatedCluster) => sim.cluster.get<ReplicaSet>('replicasets', key)!;

describe(ReplicaSetReconciler.name, () => {
  it('creates missing pods from the template with an owner reference and events', async () => {
    const sim = setup(3);
    await sim.rsController.reconcile(key);
    const pods = sim.activePods();
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.metadata.generateName).toBe('web-');
      expect(pod.metadata.labels).toEqual({ app: 'web' });
      expect(pod.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web',
          uid: rs(sim).metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    expect(sim.cluster.events.filter((e) => e.reason === 'SuccessfulCreate').map((e) => e.message)).toEqual(
      pods.map((p) => `Created pod: ${p.metadata.name}`),
    );
  });

  it('never creates twice from a stale cache while expectations are pending', async () => {
    const sim = setup(3);
    sim.cluster.freezeCache();
    await sim.rsController.reconcile(key);
    // The stale ReplicaSet's status write conflicts (retried later); no pod is created again.
    await sim.rsController.reconcile(key).catch((e) => expect(e.reason).toBe('Conflict'));
    expect(sim.pods()).toHaveLength(3);
    sim.cluster.thawCache();
    await sim.rsController.reconcile(key);
    expect(sim.pods()).toHaveLength(3);
  });

  it('expectations expire after 5 minutes if the events were lost', async () => {
    const sim = setup(2);
    sim.cluster.watchers.length = 0; // lose every pod event
    sim.cluster.freezeCache();
    await sim.rsController.reconcile(key);
    expect(sim.expectations.satisfiedExpectations(key)).toBe(false);
    sim.clock.advance(301);
    expect(sim.expectations.satisfiedExpectations(key)).toBe(true);
  });

  it('creates in slow-start batches 1, 2, 4 and stops at the first failing batch', async () => {
    const sim = setup(20);
    let n = 0;
    sim.cluster.failPodCreates = () =>
      ++n > 4 ? new ApiError(403, 'Forbidden', 'exceeded quota') : undefined;
    await expect(sim.rsController.reconcile(key)).rejects.toThrow('exceeded quota');
    expect(sim.pods()).toHaveLength(4);
    expect(n).toBe(7); // 1 + 2 + 4 attempted
    expect(sim.cluster.events.filter((e) => e.reason === 'FailedCreate')[0].message).toBe(
      'Error creating: exceeded quota',
    );
    expect(sim.expectations.satisfiedExpectations(key)).toBe(true);
    expect(rs(sim).status?.conditions?.[0]).toMatchObject({ type: 'ReplicaFailure', reason: 'FailedCreate' });
  });

  it('scaling 10 → 3 deletes in Kubernetes order', async () => {
    const sim = setup(10);
    const t0 = sim.clock.now();
    const mk = (name: string, patch: (p: Pod) => void) => {
      const pod: Pod = {
        metadata: {
          name,
          namespace: 'default',
          labels: { app: 'web' },
          creationTimestamp: rfc3339(t0 - 3600_000),
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'ReplicaSet',
              name: 'web',
              uid: rs(sim).metadata.uid!,
              controller: true,
            },
          ],
        },
        spec: { containers: [{ name: 'app' }], nodeName: `node-${name}` },
        status: { phase: 'Running', conditions: [readyCondition(t0 - 3600_000)] },
      };
      patch(pod);
      sim.cluster.put('pods', pod);
    };
    mk('unassigned', (p) => delete p.spec.nodeName);
    mk('pending', (p) => (p.status = { phase: 'Pending' }));
    mk('unknown', (p) => (p.status = { phase: 'Unknown' }));
    mk('not-ready', (p) => (p.status = { phase: 'Running' }));
    mk('cheap', (p) => (p.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': '-10' }));
    mk('crowded-a', (p) => (p.spec.nodeName = 'node-2'));
    mk('crowded-b', (p) => (p.spec.nodeName = 'node-2'));
    mk('ready-recently', (p) => (p.status!.conditions = [readyCondition(t0 - 10_000)]));
    mk(
      'restarts',
      (p) =>
        (p.status!.containerStatuses = [
          { name: 'app', ready: true, restartCount: 5, image: '', imageID: '' },
        ]),
    );
    mk('oldest', (p) => (p.metadata.creationTimestamp = rfc3339(t0 - 365 * 24 * 3600_000)));
    sim.cluster.modify<ReplicaSet>('replicasets', key, (r) => (r.spec.replicas = 3));
    await sim.rsController.reconcile(key);
    const deleted = sim.cluster.events
      .filter((e) => e.reason === 'SuccessfulDelete')
      .map((e) => e.message.slice('Deleted pod: '.length));
    expect(new Set(deleted)).toEqual(
      new Set(['unassigned', 'pending', 'unknown', 'not-ready', 'cheap', 'crowded-a', 'crowded-b']),
    );
    expect(
      sim
        .activePods()
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['oldest', 'ready-recently', 'restarts']);
  });

  it('adopts matching orphans and releases pods that stop matching', async () => {
    const sim = setup(1);
    sim.cluster.put('pods', {
      metadata: { name: 'orphan', namespace: 'default', labels: { app: 'web' } },
      spec: { containers: [] },
    });
    await sim.rsController.reconcile(key);
    expect(sim.cluster.get<Pod>('pods', 'default/orphan')!.metadata.ownerReferences?.[0].uid).toBe(
      rs(sim).metadata.uid,
    );
    expect(sim.pods()).toHaveLength(1);
    sim.cluster.modify<Pod>('pods', 'default/orphan', (p) => (p.metadata.labels = { app: 'other' }));
    await sim.rsController.reconcile(key);
    expect(sim.cluster.get<Pod>('pods', 'default/orphan')!.metadata.ownerReferences).toEqual([]);
    expect(sim.activePods()).toHaveLength(2);
  });

  it('reports status counts, writes it only when changed, and requeues for minReadySeconds', async () => {
    const sim = setup(2);
    sim.cluster.modify<ReplicaSet>('replicasets', key, (r) => (r.spec.minReadySeconds = 10));
    await sim.settle();
    sim.kubeletTick();
    sim.kubeletTick();
    const result = await sim.rsController.reconcile(key);
    expect(rs(sim).status).toMatchObject({
      replicas: 2,
      fullyLabeledReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 0,
      observedGeneration: 1,
    });
    expect(result).toEqual({ requeueAfterMs: 10_000 });
    const writes = sim.cluster.calls.length;
    await sim.rsController.reconcile(key);
    expect(sim.cluster.calls.length).toBe(writes);
    sim.clock.advance(11);
    await sim.rsController.reconcile(key);
    expect(rs(sim).status?.availableReplicas).toBe(2);
  });

  it('ignores terminating pods in its counts and replaces them', async () => {
    const sim = setup(2);
    await sim.settle();
    const [victim] = sim.pods();
    sim.cluster.modify<Pod>(
      'pods',
      `default/${victim.metadata.name}`,
      (p) => (p.metadata.deletionTimestamp = rfc3339(sim.clock.now())),
    );
    await sim.settle();
    expect(sim.activePods()).toHaveLength(2);
    expect(rs(sim).status?.replicas).toBe(2);
  });
});
