import {
  ChaosExperiment,
  componentBackAnnotation,
  Deployment,
  Endpoints,
  formatComponentBack,
  Node,
  Pod,
  ReplicaSet,
  Service,
} from '@orchestra/api';
import { ObjectCache, objectKey } from '@orchestra/client';
import { createLogger } from '@orchestra/observability';
import { Registry } from 'prom-client';
import { ChaosApi, ChaosStatusPatch } from './chaos-api.port';
import { ChaosExperimentReconciler } from './chaos-experiment.reconciler';
import { ChaosRunTracker } from './chaos-run-tracker';
import { ChaosMetrics } from './chaos.metrics';
import { InjectionRateLimiter } from './injection-rate-limiter';
import { SteadyState } from './steady-state';

const ctx = { reconcileId: 'r', attempt: 0 };
const owner = (kind: string, name: string, uid: string) => [
  { apiVersion: 'apps/v1', kind, name, uid, controller: true },
];
const readyPod = (name: string): Pod =>
  ({
    metadata: {
      namespace: 'demo',
      name,
      uid: `uid-${name}`,
      labels: { app: 'web' },
      ownerReferences: owner('ReplicaSet', 'web-1', 'rs-uid'),
    },
    spec: { nodeName: 'node-1', containers: [{ name: 'web', image: 'orchestra/web' }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'web', restartCount: 0 }],
    },
  }) as unknown as Pod;

/** The caches, a fake apiserver that applies status patches and deletes to them, and the reconciler. */
function setup(options: { enabled?: boolean; perMinute?: number } = {}) {
  let now = Date.parse('2026-11-24T10:00:00.000Z');
  const experiments = new ObjectCache<ChaosExperiment>();
  const pods = new ObjectCache<Pod>();
  const replicaSets = new ObjectCache<ReplicaSet>();
  const deployments = new ObjectCache<Deployment>();
  const services = new ObjectCache<Service>();
  const endpoints = new ObjectCache<Endpoints>();
  const nodes = new ObjectCache<Node>();
  for (const name of ['node-1', 'node-2']) nodes.upsert({ metadata: { name, uid: `uid-${name}` }, spec: {} });
  deployments.upsert({
    metadata: { namespace: 'demo', name: 'web', uid: 'dep-uid', generation: 1 },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: {} as never },
    status: { availableReplicas: 2, observedGeneration: 1 },
  });
  replicaSets.upsert({
    metadata: {
      namespace: 'demo',
      name: 'web-1',
      uid: 'rs-uid',
      ownerReferences: owner('Deployment', 'web', 'dep-uid'),
    },
    spec: { selector: { matchLabels: { app: 'web' } } },
  });
  pods.upsert(readyPod('web-a'));
  pods.upsert(readyPod('web-b'));
  const calls: string[] = [];
  /** What the apiserver holds; the cache is updated from it by `sync()` (an informer). */
  const stored = new Map<string, ChaosExperiment>();
  const api: ChaosApi = {
    async deletePod(pod) {
      calls.push(`delete ${pod.metadata.name}`);
      pods.remove(objectKey(pod));
    },
    async annotatePod(pod, annotation, value) {
      calls.push(`annotate ${pod.metadata.name} ${annotation}=${value}`);
    },
    async annotateNode(node, annotation, value) {
      calls.push(`annotate node ${node.metadata.name} ${annotation}=${value}`);
    },
    async setUnschedulable(node, unschedulable) {
      calls.push(`${unschedulable ? 'cordon' : 'uncordon'} ${node.metadata.name}`);
      nodes.upsert({ ...node, spec: { ...node.spec, unschedulable: unschedulable || undefined } });
    },
    async patchStatus(experiment, status: ChaosStatusPatch) {
      const current = structuredClone(stored.get(objectKey(experiment)) ?? experiment);
      const merged: Record<string, unknown> = { ...(current.status ?? {}) };
      for (const [k, v] of Object.entries(status)) {
        if (v === null) delete merged[k];
        else merged[k] = v;
      }
      current.status = merged;
      stored.set(objectKey(current), current);
      return current;
    },
  };
  const steadyState = new SteadyState({ pods, replicaSets, deployments, services, endpoints });
  const tracker = new ChaosRunTracker(
    steadyState,
    () => now,
    () => undefined,
  );
  const registry = new Registry();
  const events: string[] = [];
  const reconciler = new ChaosExperimentReconciler({
    experiments,
    pods,
    services,
    nodes,
    steadyState,
    tracker,
    api,
    events: {
      normal: (_o, reason) => events.push(reason),
      warning: (_o, reason) => events.push(reason),
    },
    metrics: new ChaosMetrics(registry),
    limiter: new InjectionRateLimiter(options.perMinute ?? 30, () => now),
    logger: createLogger({ component: 'test', level: 'error' }),
    enabled: options.enabled ?? true,
    now: () => now,
    random: () => 0,
  });
  const add = (name: string, spec: Partial<ChaosExperiment['spec']>) => {
    const e: ChaosExperiment = {
      metadata: { namespace: 'demo', name, uid: `uid-${name}`, generation: 1 },
      spec: {
        action: 'pod-kill',
        selector: { labelSelector: 'app=web' },
        mode: 'one',
        duration: '0s',
        ...spec,
      },
    };
    stored.set(objectKey(e), e);
    experiments.upsert(structuredClone(e));
  };
  const sync = () => {
    for (const e of stored.values()) experiments.upsert(structuredClone(e));
  };
  const status = (name: string) => stored.get(`demo/${name}`)!.status!;
  /** A hit component's back report, as its ComponentChaosAgent writes it. */
  const reportBack = (name: string, target: string, run: number) => {
    const e = stored.get(`demo/${name}`)!;
    e.metadata.annotations = {
      ...e.metadata.annotations,
      [componentBackAnnotation(target)]: formatComponentBack(run, new Date(now)),
    };
  };
  return {
    reportBack,
    reconciler,
    pods,
    nodes,
    deployments,
    calls,
    events,
    add,
    sync,
    status,
    registry,
    advance: (ms: number) => (now += ms),
    setNow: () => now,
  };
}

describe(ChaosExperimentReconciler.name, () => {
  it('kills one pod, waits for the steady state, records the times and the verdict', async () => {
    const t = setup();
    t.add('kill', {});
    await t.reconciler.reconcile('demo/kill', ctx);
    expect(t.calls).toEqual(['delete web-a']);
    expect(t.status('kill')).toMatchObject({ phase: 'Recovering', runs: 1 });
    expect(t.status('kill').verdict).toBeUndefined();
    expect(t.status('kill').affected).toEqual([
      expect.objectContaining({
        kind: 'Pod',
        namespace: 'demo',
        name: 'web-a',
        uid: 'uid-web-a',
        nodeName: 'node-1',
      }),
    ]);
    expect(t.status('kill').steadyState).toEqual({
      deployments: ['demo/web'],
      statefulSets: [],
      daemonSets: [],
      jobs: [],
      services: [],
    });
    // The Deployment reports the loss 300 ms later; a replacement is Ready 500 ms after that.
    t.sync();
    t.advance(300);
    t.deployments.upsert({
      ...t.deployments.get('demo/web')!,
      status: { availableReplicas: 1, observedGeneration: 1 },
    });
    expect(await t.reconciler.reconcile('demo/kill', ctx)).toEqual({ requeueAfterMs: 1_000 });
    expect(t.status('kill').timeToDetectSeconds).toBe(0.3);
    t.sync();
    t.advance(500);
    t.pods.upsert(readyPod('web-c'));
    t.deployments.upsert({
      ...t.deployments.get('demo/web')!,
      status: { availableReplicas: 2, observedGeneration: 1 },
    });
    await t.reconciler.reconcile('demo/kill', ctx);
    expect(t.status('kill')).toMatchObject({
      phase: 'Recovered',
      verdict: 'Passed',
      timeToDetectSeconds: 0.3,
      timeToRecoverSeconds: 0.8,
    });
    expect(t.events).toEqual(['Injected', 'Detected', 'Recovered']);
    const metrics = await t.registry.metrics();
    expect(metrics).toContain('orchestra_chaos_experiments_total{action="pod-kill",result="passed"} 1');
    expect(metrics).toContain('orchestra_chaos_active_experiments{action="pod-kill"} 0');
    // Not scheduled: it never runs again.
    t.sync();
    t.advance(60_000);
    await t.reconciler.reconcile('demo/kill', ctx);
    expect(t.calls).toEqual(['delete web-a']);
  });

  it('node-drain: cordons the node, evicts its pods, uncordons after the duration, recovered once they run elsewhere', async () => {
    const t = setup();
    t.add('drain', { action: 'node-drain', selector: { nodes: ['node-1'] }, duration: '10s' });
    expect(await t.reconciler.reconcile('demo/drain', ctx)).toEqual({ requeueAfterMs: 10_000 });
    expect(t.calls).toEqual(['cordon node-1', 'delete web-a', 'delete web-b']);
    expect(t.status('drain')).toMatchObject({ phase: 'Injected', runs: 1 });
    expect(t.status('drain').affected!.map((a) => `${a.kind} ${a.name}`)).toEqual([
      'Node node-1',
      'Pod web-a',
      'Pod web-b',
    ]);
    expect(t.status('drain').steadyState).toEqual({
      deployments: ['demo/web'],
      statefulSets: [],
      daemonSets: [],
      jobs: [],
      services: [],
    });
    // Replacements run on node-2 while node-1 stays cordoned.
    t.sync();
    t.advance(2_000);
    for (const name of ['web-c', 'web-d'])
      t.pods.upsert({ ...readyPod(name), spec: { ...readyPod(name).spec, nodeName: 'node-2' } });
    t.sync();
    t.advance(8_000);
    await t.reconciler.reconcile('demo/drain', ctx);
    expect(t.calls.at(-1)).toBe('uncordon node-1');
    expect(t.nodes.get('node-1')!.spec?.unschedulable).toBeUndefined();
    expect(t.status('drain')).toMatchObject({
      phase: 'Recovered',
      verdict: 'Passed',
      timeToRecoverSeconds: 0,
    });
  });

  it('node-drain: a cordoned node is not drained again; leaveCordoned keeps the cordon', async () => {
    const t = setup();
    t.nodes.upsert({ metadata: { name: 'node-2', uid: 'uid-node-2' }, spec: { unschedulable: true } });
    t.add('again', { action: 'node-drain', selector: { nodes: ['node-2'] }, duration: '1s' });
    await t.reconciler.reconcile('demo/again', ctx);
    expect(t.status('again')).toMatchObject({ phase: 'Failed', verdict: 'Failed' });
    expect(t.status('again').message).toMatch(/no node matches the selector/);
    t.add('keep', {
      action: 'node-drain',
      selector: { nodes: ['node-1'] },
      duration: '1s',
      leaveCordoned: true,
    });
    await t.reconciler.reconcile('demo/keep', ctx);
    t.sync();
    t.advance(1_000);
    await t.reconciler.reconcile('demo/keep', ctx);
    expect(t.calls).toEqual(['cordon node-1', 'delete web-a', 'delete web-b']);
    expect(t.nodes.get('node-1')!.spec?.unschedulable).toBe(true);
  });

  it('node-down: writes the end time on the node, steady state from its pods, removes it at the end', async () => {
    const t = setup();
    t.add('down', { action: 'node-down', selector: { nodes: ['node-1'] }, duration: '20s' });
    expect(await t.reconciler.reconcile('demo/down', ctx)).toEqual({ requeueAfterMs: 20_000 });
    expect(t.calls).toEqual(['annotate node node-1 chaos.orchestra.dev/node-down=2026-11-24T10:00:20.000Z']);
    expect(t.status('down').affected!.map((a) => `${a.kind} ${a.name}`)).toEqual(['Node node-1']);
    expect(t.status('down').steadyState).toEqual({
      deployments: ['demo/web'],
      statefulSets: [],
      daemonSets: [],
      jobs: [],
      services: [],
    });
    t.sync();
    t.advance(20_000);
    await t.reconciler.reconcile('demo/down', ctx);
    expect(t.calls.at(-1)).toBe('annotate node node-1 chaos.orchestra.dev/node-down=null');
    expect(t.status('down')).toMatchObject({ phase: 'Recovered', verdict: 'Passed' });
  });

  it('component-kill: writes nothing, and is recovered only once the killed component reports back', async () => {
    const t = setup();
    t.add('kill-scheduler', { action: 'component-kill', component: 'scheduler', selector: undefined });
    await t.reconciler.reconcile('demo/kill-scheduler', ctx);
    expect(t.calls).toEqual([]);
    expect(t.status('kill-scheduler')).toMatchObject({
      phase: 'Recovering',
      affected: [{ apiVersion: 'v1', kind: 'ComponentStatus', name: 'scheduler' }],
      steadyState: { deployments: [], services: [] },
    });
    // Nothing else is short, but the scheduler has not come back yet.
    t.sync();
    t.advance(1_000);
    await t.reconciler.reconcile('demo/kill-scheduler', ctx);
    expect(t.status('kill-scheduler').phase).toBe('Recovering');
    t.advance(1_200);
    t.reportBack('kill-scheduler', 'scheduler', 1);
    t.sync();
    await t.reconciler.reconcile('demo/kill-scheduler', ctx);
    expect(t.status('kill-scheduler')).toMatchObject({
      phase: 'Recovered',
      verdict: 'Passed',
      timeToRecoverSeconds: 2.2,
    });
  });

  it('component-kill of a kubelet: picks its node, steady state from the pods there', async () => {
    const t = setup();
    t.add('kill-kubelet', {
      action: 'component-kill',
      component: 'kubelet',
      selector: { nodes: ['node-1'] },
    });
    await t.reconciler.reconcile('demo/kill-kubelet', ctx);
    expect(t.calls).toEqual([]);
    expect(t.status('kill-kubelet').affected!.map((a) => `${a.kind} ${a.name}`)).toEqual(['Node node-1']);
    expect(t.status('kill-kubelet').steadyState).toEqual({
      deployments: ['demo/web'],
      statefulSets: [],
      daemonSets: [],
      jobs: [],
      services: [],
    });
    // Back, but its Deployment is short until the pods are Ready again.
    t.sync();
    t.deployments.upsert({
      ...t.deployments.get('demo/web')!,
      status: { availableReplicas: 1, observedGeneration: 1 },
    });
    t.advance(500);
    t.reportBack('kill-kubelet', 'node-1', 1);
    t.sync();
    await t.reconciler.reconcile('demo/kill-kubelet', ctx);
    expect(t.status('kill-kubelet')).toMatchObject({ phase: 'Recovering', timeToDetectSeconds: 0.5 });
    t.advance(500);
    t.deployments.upsert({
      ...t.deployments.get('demo/web')!,
      status: { availableReplicas: 2, observedGeneration: 1 },
    });
    t.sync();
    await t.reconciler.reconcile('demo/kill-kubelet', ctx);
    expect(t.status('kill-kubelet')).toMatchObject({ phase: 'Recovered', timeToRecoverSeconds: 1 });
  });

  it('repeats a scheduled experiment every interval, each run after the previous one ended', async () => {
    const t = setup();
    t.add('every', { mode: 'one', schedule: { every: '1m' }, action: 'container-kill' });
    await t.reconciler.reconcile('demo/every', ctx);
    const pod = readyPod('web-a');
    pod.status!.containerStatuses![0].restartCount = 1;
    t.pods.upsert(pod);
    t.sync();
    t.advance(1_000);
    await t.reconciler.reconcile('demo/every', ctx);
    expect(t.status('every')).toMatchObject({
      phase: 'Recovered',
      runs: 1,
      lastRunAt: '2026-11-24T10:00:00.000Z',
      nextRunAt: '2026-11-24T10:01:00.000Z',
    });
    t.sync();
    expect(await t.reconciler.reconcile('demo/every', ctx)).toEqual({ requeueAfterMs: 59_000 });
    t.sync();
    t.advance(59_000);
    await t.reconciler.reconcile('demo/every', ctx);
    expect(t.status('every')).toMatchObject({ runs: 2, lastRunAt: '2026-11-24T10:01:00.000Z' });
    expect(t.calls.filter((c) => c.includes('container-kill'))).toHaveLength(2);
  });

  it('does not start a second run from a cache that has not seen the first', async () => {
    const t = setup();
    t.add('kill', {});
    await t.reconciler.reconcile('demo/kill', ctx);
    // The cache still shows the experiment as created.
    expect(await t.reconciler.reconcile('demo/kill', ctx)).toEqual({ requeueAfterMs: 100 });
    expect(t.calls).toEqual(['delete web-a']);
  });

  it('injects nothing when switched off, and says why', async () => {
    const t = setup({ enabled: false });
    t.add('kill', {});
    await t.reconciler.reconcile('demo/kill', ctx);
    expect(t.calls).toEqual([]);
    expect(t.status('kill')).toMatchObject({
      phase: 'Pending',
      message: expect.stringContaining('CHAOS_ENABLED=false'),
    });
  });

  it('holds runs over the rate limit back until a slot frees up', async () => {
    const t = setup({ perMinute: 1 });
    t.add('first', { mode: 'one' });
    t.add('second', { mode: 'one' });
    await t.reconciler.reconcile('demo/first', ctx);
    t.advance(10_000);
    expect(await t.reconciler.reconcile('demo/second', ctx)).toEqual({ requeueAfterMs: 50_000 });
    expect(t.status('second')).toMatchObject({
      phase: 'Pending',
      message: expect.stringContaining('rate limited'),
    });
    expect(t.calls).toEqual(['delete web-a']);
    expect(t.events).toContain('RateLimited');
  });

  it('lists the targets of a dry run and touches nothing', async () => {
    const t = setup();
    t.add('dry', { mode: 'all', dryRun: true });
    await t.reconciler.reconcile('demo/dry', ctx);
    expect(t.calls).toEqual([]);
    expect(t.status('dry')).toMatchObject({ verdict: 'DryRun', runs: 1 });
    expect(t.status('dry').affected!.map((a) => a.name)).toEqual(['web-a', 'web-b']);
  });

  it('fails a run with nothing to hit', async () => {
    const t = setup();
    t.add('none', { selector: { labelSelector: 'app=db' } });
    await t.reconciler.reconcile('demo/none', ctx);
    expect(t.status('none')).toMatchObject({ phase: 'Failed', verdict: 'Failed', affected: [] });
  });

  it('pod-failure: the annotation until the end of the duration, removed at recovery', async () => {
    const t = setup();
    t.add('fail', { action: 'pod-failure', duration: '30s' });
    expect(await t.reconciler.reconcile('demo/fail', ctx)).toEqual({ requeueAfterMs: 30_000 });
    expect(t.calls).toEqual(['annotate web-a chaos.orchestra.dev/pod-failure=2026-11-24T10:00:30.000Z']);
    expect(t.status('fail').phase).toBe('Injected');
    t.sync();
    t.advance(30_000);
    await t.reconciler.reconcile('demo/fail', ctx);
    expect(t.calls.at(-1)).toBe('annotate web-a chaos.orchestra.dev/pod-failure=null');
    expect(t.status('fail').phase).toBe('Recovering');
    // The container restarted (restartCount 1) and is Ready: recovered.
    const pod = readyPod('web-a');
    pod.status!.containerStatuses![0].restartCount = 1;
    t.pods.upsert(pod);
    t.sync();
    t.advance(200);
    await t.reconciler.reconcile('demo/fail', ctx);
    expect(t.status('fail')).toMatchObject({ phase: 'Recovered', timeToRecoverSeconds: 0.2 });
  });

  it('fails a run whose steady state is not back within the recovery timeout', async () => {
    const t = setup();
    t.add('kill', { recoveryTimeout: '10s' });
    await t.reconciler.reconcile('demo/kill', ctx);
    t.sync();
    t.advance(10_000);
    await t.reconciler.reconcile('demo/kill', ctx);
    expect(t.status('kill')).toMatchObject({
      phase: 'Failed',
      verdict: 'Failed',
      message: 'steady state not back 10s after the fault: deployment demo/web: 1/2 available',
    });
  });
});
