import { Deployment, ReplicaSet } from '@orchestra/api';
import { SimulatedCluster, deployment, template } from '../controller-utils/test/workload-fixtures';
import { revisionOf } from './deployment-revisions';
import { DeploymentReconciler } from './deployment.reconciler';
import { rollbackTo } from './rollback';
import { maxSurge, maxUnavailable } from './rolling-update';

const key = 'default/web';

function setup(spec: Partial<Deployment['spec']> = {}) {
  const sim = new SimulatedCluster();
  sim.cluster.put('deployments', deployment('web', spec));
  return sim;
}

const dep = (sim: SimulatedCluster) => sim.cluster.get<Deployment>('deployments', key)!;
const rss = (sim: SimulatedCluster) => sim.cluster.all<ReplicaSet>('replicasets');
const images = (sim: SimulatedCluster) => sim.activePods().map((p) => p.spec.containers[0].image);

async function runUntilStable(sim: SimulatedCluster, check: () => void = () => undefined, ticks = 60) {
  for (let i = 0; i < ticks; i++) {
    await sim.settle(check);
    sim.kubeletTick();
  }
  await sim.settle(check);
}

function setImage(sim: SimulatedCluster, image: string) {
  sim.cluster.modify<Deployment>('deployments', key, (d) => {
    d.spec.template = template(image);
    d.metadata.generation = (d.metadata.generation ?? 1) + 1;
  });
}

/** What `kubectl rollout status` checks. */
function rolloutDone(d: Deployment): boolean {
  const s = d.status ?? {};
  return (
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) &&
    s.updatedReplicas === d.spec.replicas &&
    s.replicas === s.updatedReplicas &&
    s.availableReplicas === s.updatedReplicas
  );
}

describe(DeploymentReconciler.name, () => {
  it('creates <name>-<hash> with revision 1 and brings up all pods', async () => {
    const sim = setup();
    await runUntilStable(sim);
    const [rs] = rss(sim);
    expect(rs.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    const hash = rs.metadata.labels?.['pod-template-hash'];
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec.template?.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(revisionOf(rs)).toBe(1);
    expect(revisionOf(dep(sim))).toBe(1);
    expect(sim.activePods()).toHaveLength(3);
    expect(sim.cluster.events).toContainEqual({
      type: 'Normal',
      object: 'Deployment/web',
      reason: 'ScalingReplicaSet',
      message: `Scaled up replica set ${rs.metadata.name} from 0 to 3`,
    });
    expect(rolloutDone(dep(sim))).toBe(true);
    const conditions = dep(sim).status?.conditions ?? [];
    expect(conditions.find((c) => c.type === 'Available')?.reason).toBe('MinimumReplicasAvailable');
    expect(conditions.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.`,
    });
  });

  describe.each([
    [10, '25%', '25%'],
    [10, 0, 1],
    [10, 1, 0],
    [10, 3, 2],
    [5, '10%', '10%'],
    [4, '50%', '50%'],
    [3, 1, 0],
    [1, 0, 1],
    [7, '100%', 0],
  ])('rolling update of %p replicas, maxSurge %p, maxUnavailable %p', (replicas, surge, unavailable) => {
    it('keeps within surge and availability bounds at every step and converges to the new template', async () => {
      const sim = setup({
        replicas,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } },
      });
      await runUntilStable(sim);
      setImage(sim, 'nginx:2');
      const d = dep(sim);
      const [maxTotal, minAvailable] = [replicas + maxSurge(d), replicas - maxUnavailable(d)];
      const check = () => {
        expect(sim.activePods().length).toBeLessThanOrEqual(maxTotal);
        expect(sim.availablePods().length).toBeGreaterThanOrEqual(minAvailable);
      };
      await runUntilStable(sim, check);
      expect(images(sim)).toEqual(Array(replicas).fill('nginx:2'));
      expect(rolloutDone(dep(sim))).toBe(true);
      expect(revisionOf(dep(sim))).toBe(2);
    });
  });

  it('Recreate never runs old and new pods together', async () => {
    const sim = setup({ replicas: 4, strategy: { type: 'Recreate' } });
    await runUntilStable(sim);
    setImage(sim, 'nginx:2');
    const check = () =>
      expect(new Set(sim.pods().map((p) => p.spec.containers[0].image)).size).toBeLessThanOrEqual(1);
    await runUntilStable(sim, check);
    expect(images(sim)).toEqual(Array(4).fill('nginx:2'));
    expect(rolloutDone(dep(sim))).toBe(true);
  });

  it('rollback (kubectl rollout undo) reuses the old ReplicaSet with the next revision', async () => {
    const sim = setup();
    await runUntilStable(sim);
    const first = rss(sim)[0];
    setImage(sim, 'nginx:2');
    await runUntilStable(sim);
    const undo = rollbackTo(dep(sim), rss(sim));
    if (undo.kind !== 'patch') throw new Error(undo.message);
    sim.cluster.modify<Deployment>('deployments', key, (d) => {
      d.spec.template = undo.template;
      d.metadata.generation = (d.metadata.generation ?? 1) + 1;
    });
    await runUntilStable(sim);
    expect(rss(sim)).toHaveLength(2);
    const back = sim.cluster.get<ReplicaSet>('replicasets', `default/${first.metadata.name}`)!;
    expect(revisionOf(back)).toBe(3);
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(revisionOf(dep(sim))).toBe(3);
    expect(images(sim)).toEqual(['nginx:1', 'nginx:1', 'nginx:1']);
    expect(rollbackTo(dep(sim), rss(sim), 3)).toMatchObject({ kind: 'skipped' });
  });

  it('cleans up old ReplicaSets beyond revisionHistoryLimit', async () => {
    const sim = setup({ revisionHistoryLimit: 1 });
    for (const image of ['nginx:1', 'nginx:2', 'nginx:3', 'nginx:4']) {
      setImage(sim, image);
      await runUntilStable(sim);
    }
    const revisions = rss(sim).map(revisionOf).sort();
    expect(revisions).toEqual([3, 4]);
  });

  it('scales proportionally in the middle of a rollout', async () => {
    const sim = setup({
      replicas: 10,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } },
    });
    await runUntilStable(sim);
    sim.broken.add('nginx:2');
    setImage(sim, 'nginx:2');
    await runUntilStable(sim, undefined, 5);
    const sizes = () => rss(sim).map((rs) => [rs.spec.template?.spec.containers[0].image, rs.spec.replicas]);
    // Stuck: old 8 (2 unavailable allowed), new 5 (13 = 10 + 3 surge).
    expect(Object.fromEntries(sizes())).toEqual({ 'nginx:1': 8, 'nginx:2': 5 });
    sim.cluster.modify<Deployment>('deployments', key, (d) => {
      d.spec.replicas = 20;
      d.metadata.generation = (d.metadata.generation ?? 1) + 1;
    });
    await sim.settle();
    // 13 → 23 (20 + 3): +10 split by size: 8 * 23/13 ≈ 14 (+6), new gets the rest (+4).
    expect(Object.fromEntries(sizes())).toEqual({ 'nginx:1': 14, 'nginx:2': 9 });
    expect(sim.cluster.events.map((e) => e.message)).toContainEqual(
      expect.stringMatching(/^Scaled up replica set web-\w+ from 8 to 14$/),
    );
  });

  it('reports ProgressDeadlineExceeded when a rollout stops moving', async () => {
    const sim = setup({ progressDeadlineSeconds: 30 });
    await runUntilStable(sim);
    sim.broken.add('nginx:2');
    setImage(sim, 'nginx:2');
    await runUntilStable(sim, undefined, 10);
    expect(dep(sim).status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe(
      'ReplicaSetUpdated',
    );
    const result = await sim.deploymentController.reconcile(key);
    expect(result?.requeueAfterMs).toBeGreaterThan(0);
    sim.clock.advance(31);
    await sim.settle();
    expect(dep(sim).status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
    });
  });

  it('makes no rollout progress while paused, but still scales; resumes afterwards', async () => {
    const sim = setup();
    await runUntilStable(sim);
    sim.cluster.modify<Deployment>('deployments', key, (d) => {
      d.spec.paused = true;
    });
    await sim.settle();
    expect(dep(sim).status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
    });
    setImage(sim, 'nginx:2');
    sim.cluster.modify<Deployment>('deployments', key, (d) => {
      d.spec.replicas = 5;
    });
    await runUntilStable(sim, undefined, 5);
    expect(rss(sim)).toHaveLength(1);
    expect(images(sim)).toEqual(Array(5).fill('nginx:1'));
    sim.cluster.modify<Deployment>('deployments', key, (d) => {
      d.spec.paused = false;
    });
    await runUntilStable(sim);
    expect(images(sim)).toEqual(Array(5).fill('nginx:2'));
    expect(rolloutDone(dep(sim))).toBe(true);
  });
});
