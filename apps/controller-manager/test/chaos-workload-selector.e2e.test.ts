/**
 * Chaos aimed at a workload by owner (spec.selector.workload), with a whole control plane in one
 * process (apiserver, controller-manager with the chaos controller, scheduler, stand-in kubelet)
 * on three nodes: pod-kill of a DaemonSet's pods and of a Job's pods hits exactly those pods
 * (not a bare pod with the same labels), and the run is Recovered once the DaemonSet has a Ready
 * pod on every node again and the Job as many active pods as before, with the times measured.
 * A wrong workload is a 422 naming the field.
 */
import { builtinResources, ChaosExperiment, DaemonSet, Job, Pod, ResourceDefinition } from '@orchestra/api';
import { call } from '../../../tools/testing/apiserver-harness';
import { StandinKubelet } from '../../../tools/testing/standin-kubelet';
import { eventually, startTestControlPlane, TestControlPlane } from './control-plane-harness';

process.env.LOG_LEVEL ??= 'error';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
const namespace = 'default';
/** Stated bound: a killed daemon or Job pod is replaced and the run Recovered within this. */
const RECOVERY_BOUND_MS = 15_000;

let plane: TestControlPlane;
const pods = () => plane.client.resource<Pod>(def('Pod'));
const experiments = () => plane.client.resource<ChaosExperiment>(def('ChaosExperiment'));
const live = async (labelSelector: string) =>
  (await pods().list({ namespace, labelSelector })).items.filter((p) => !p.metadata.deletionTimestamp);
const isReady = (p: Pod) =>
  p.status?.phase === 'Running' &&
  !!p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

const finished = (name: string) =>
  eventually(
    async () => {
      const e = await experiments().get(name, namespace);
      return ['Recovered', 'Failed'].includes(e.status?.phase ?? '') && e;
    },
    RECOVERY_BOUND_MS,
    `experiment ${name} to finish`,
  );

const podTemplate = (labels: Record<string, string>, restartPolicy?: 'Never') => ({
  metadata: { labels },
  spec: {
    ...(restartPolicy ? { restartPolicy } : {}),
    containers: [
      { name: labels.app, image: 'busybox', resources: { requests: { cpu: '10m', memory: '16Mi' } } },
    ],
  },
});

beforeAll(async () => {
  plane = await startTestControlPlane('chaos-workload');
  await StandinKubelet.createNodes(plane.client, [
    { name: 'node-a' },
    { name: 'node-b' },
    { name: 'node-c' },
  ]);
  await plane.client.resource<DaemonSet>(def('DaemonSet')).create({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace },
    spec: {
      selector: { matchLabels: { app: 'agent', tier: 'node' } },
      template: podTemplate({ app: 'agent', tier: 'node' }),
    },
  });
  await plane.client.resource<Job>(def('Job')).create({
    apiVersion: 'batch/v1',
    kind: 'Job',
    // The stand-in kubelet never ends a pod: the Job stays active with both.
    metadata: { name: 'work', namespace },
    spec: { parallelism: 2, completions: 2, template: podTemplate({ app: 'work' }, 'Never') },
  });
  // Shares app=agent with the daemon pods but no owner (and not all of the DaemonSet's selector, or
  // the DaemonSet would adopt it): a labelSelector app=agent would hit it, the workload not.
  await pods().create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'lookalike', namespace, labels: { app: 'agent' } },
    spec: { nodeName: 'node-a', containers: [{ name: 'agent', image: 'busybox' }] },
  });
  await eventually(
    async () => {
      const ds = await plane.client.resource<DaemonSet>(def('DaemonSet')).get('agent', namespace);
      const job = await plane.client.resource<Job>(def('Job')).get('work', namespace);
      return (
        ds.status?.numberReady === 3 &&
        job.status?.active === 2 &&
        (await live('app=agent')).filter(isReady).length === 4 &&
        (await live('app=work')).filter(isReady).length === 2
      );
    },
    20_000,
    'three daemon pods, two Job pods and the lookalike Running and Ready',
  );
}, 60_000);

afterAll(async () => {
  await plane?.close();
});

it("pod-kill of a DaemonSet's pods by workload: all of its pods and only those, Recovered once every node has a Ready one again", async () => {
  const before = await live('app=agent');
  const lookalike = before.find((p) => p.metadata.name === 'lookalike')!;
  const created = await experiments().create({
    apiVersion: 'chaos.orchestra.dev/v1alpha1',
    kind: 'ChaosExperiment',
    metadata: { name: 'kill-agents', namespace },
    spec: {
      action: 'pod-kill',
      selector: { workload: { kind: 'DaemonSet', name: 'agent' } },
      mode: 'all',
      gracePeriodSeconds: 0,
    },
  });
  const done = await finished(created.metadata.name!);
  expect(done.status).toMatchObject({
    phase: 'Recovered',
    verdict: 'Passed',
    steadyState: { daemonSets: [`${namespace}/agent`], jobs: [], deployments: [] },
  });
  // Exactly the DaemonSet's three pods: not the lookalike, not the Job's.
  const affected = done.status!.affected!;
  const daemonPods = before.filter((p) => p.metadata.ownerReferences?.[0]?.kind === 'DaemonSet');
  expect(daemonPods).toHaveLength(3);
  expect(affected.map((a) => a.uid).sort()).toEqual(daemonPods.map((p) => p.metadata.uid).sort());
  expect(done.status!.timeToRecoverSeconds).toBeGreaterThanOrEqual(0);
  expect(done.status!.timeToRecoverSeconds! * 1000).toBeLessThan(RECOVERY_BOUND_MS);
  // Recovered means whole: a Ready daemon pod on each of the three nodes, the killed ones gone.
  const after = (await live('app=agent')).filter(
    (p) => p.metadata.ownerReferences?.[0]?.kind === 'DaemonSet',
  );
  expect(
    after
      .filter(isReady)
      .map((p) => p.spec.nodeName)
      .sort(),
  ).toEqual(['node-a', 'node-b', 'node-c']);
  expect(after.filter((p) => affected.some((a) => a.uid === p.metadata.uid))).toEqual([]);
  expect((await pods().get('lookalike', namespace)).metadata.uid).toBe(lookalike.metadata.uid);
  process.stdout.write(
    `pod-kill of the 3 daemon pods: detected ${done.status!.timeToDetectSeconds ?? '-'} s, recovered ${done.status!.timeToRecoverSeconds} s\n`,
  );
});

it("pod-kill of a Job's pods through POST /chaos/v1 (workload=job/work): Recovered once the Job has its active pods again", async () => {
  const before = await live('app=work');
  const res = await call(
    plane.api.url,
    'POST',
    `/chaos/v1/pod-kill?namespace=${namespace}&workload=job/work&mode=all&gracePeriodSeconds=0`,
  );
  expect(res.status).toBe(201);
  expect(res.body.spec.selector).toEqual({ workload: { kind: 'Job', name: 'work' } });
  const done = await finished(res.body.metadata.name);
  expect(done.status).toMatchObject({
    phase: 'Recovered',
    verdict: 'Passed',
    steadyState: { jobs: [{ key: `${namespace}/work`, activeAndSucceeded: 2 }], daemonSets: [] },
  });
  expect(done.status!.affected!.map((a) => a.uid).sort()).toEqual(before.map((p) => p.metadata.uid).sort());
  expect(done.status!.timeToRecoverSeconds! * 1000).toBeLessThan(RECOVERY_BOUND_MS);
  const replacements = await live('app=work');
  expect(replacements).toHaveLength(2);
  expect(
    replacements.map((p) => p.metadata.uid).filter((uid) => before.some((p) => p.metadata.uid === uid)),
  ).toEqual([]);
  // The Job's own status may be a sync behind its pods (it counts them, then creates): it follows.
  await eventually(
    async () => (await plane.client.resource<Job>(def('Job')).get('work', namespace)).status?.active === 2,
    5_000,
    'the Job to report its 2 active pods',
  );
  process.stdout.write(
    `pod-kill of both Job pods: detected ${done.status!.timeToDetectSeconds ?? '-'} s, recovered ${done.status!.timeToRecoverSeconds} s\n`,
  );
});

it('answers a workload of an unknown kind, or without a name, with a 422 naming the field', async () => {
  const res = await call(
    plane.api.url,
    'POST',
    `/chaos/v1/pod-kill?namespace=${namespace}&workload=pods/agent-x`,
  );
  expect(res.status).toBe(422);
  expect(res.body.details.causes).toEqual([
    expect.objectContaining({ field: 'spec.selector.workload.kind', reason: 'FieldValueNotSupported' }),
  ]);
  const unnamed = await call(
    plane.api.url,
    'POST',
    `/chaos/v1/pod-kill?namespace=${namespace}&workload=DaemonSet`,
  );
  expect(unnamed.status).toBe(422);
  expect(unnamed.body.message).toContain('spec.selector.workload.name: Required value');
});
