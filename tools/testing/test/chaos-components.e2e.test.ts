/**
 * component-kill, component-pause and queue-stall against a real `npm start` (the launcher supervises and
 * restarts every component): each run SIGKILLs or SIGSTOPs the real process, the launcher brings
 * a killed one back, and the cluster converges without help.
 *  - scheduler killed: pods created while it is down are bound within 5 s of its restart (its
 *    stable Lease identity lets it take the Lease back at once);
 *  - controller-manager killed (it runs the chaos controller itself): a scale-up made while it is
 *    down is acted on after its restart, and the run still ends Recovered;
 *  - kubelet killed: its nodes' pods come back Running and Ready;
 *  - proxy killed: the Service answers again;
 *  - cluster-dns killed: names resolve again;
 *  - scheduler paused: no binding while it is stopped, pending pods bound after;
 *  - queue-stall of the scheduler and of a kubelet's node queue: pods wait (unbound, or bound but
 *    not started) while it lasts and go on after it, the backlog in Redis drained.
 * Invariant checked every 200 ms throughout: the web Deployment never has more than
 * replicas + maxSurge pods.
 */
import { Resolver } from 'node:dns/promises';
import {
  builtinResources,
  ChaosExperiment,
  Deployment,
  Pod,
  ResourceDefinition,
  Service,
} from '@orchestra/api';
import { ApiClient } from '@orchestra/client';
import { buildDist } from '../component-process';
import { eventually } from '../eventually';
import { LauncherProcess, startLauncher } from '../launcher-process';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
const NS = 'components';
const REPLICAS = 3;
const MAX_SURGE = 1; // 25 % of 3, rounded up
const RESTART_BOUND_MS = 5_000;

const deployment = (name: string, replicas: number): Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: NS },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [
          {
            name: 'web',
            image: 'orchestra/web',
            ports: [{ containerPort: 8080 }],
            readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 },
          },
        ],
      },
    },
  },
});

describe('chaos on the components: kill, pause, queue-stall (npm start)', () => {
  let launcher: LauncherProcess;
  let client: ApiClient;
  let apiserverUrl: string;
  let servicesUrl: string;
  const violations: string[] = [];
  let checks = 0;
  let invariant: NodeJS.Timeout | undefined;

  const pods = async (app?: string) =>
    (await client.resource<Pod>(def('Pod')).list({ namespace: NS })).items.filter(
      (p) => !app || p.metadata.labels?.app === app,
    );
  const live = (p: Pod) => !p.metadata.deletionTimestamp;
  const readyPod = (p: Pod) =>
    live(p) && (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  const waitFor = <T>(check: () => Promise<T | undefined | false>, timeoutMs: number, what: string) =>
    eventually(check, timeoutMs, what).catch((error: Error) => {
      throw new Error(`${error.message}\n--- launcher ---\n${launcher.output().slice(-6_000)}`);
    });
  const post = async (query: string) => {
    // As the admin, over TLS (the launcher's CA).
    const res = await launcher.fetch(`${apiserverUrl}/chaos/v1/${query}`, { method: 'POST' });
    const body = (await res.json()) as ChaosExperiment;
    if (res.status !== 201) throw new Error(`POST ${query}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const experiment = (name: string) => client.resource<ChaosExperiment>(def('ChaosExperiment')).get(name, NS);
  const finished = (name: string, timeoutMs = 30_000) =>
    waitFor(
      async () => {
        const e = await experiment(name);
        return ['Recovered', 'Failed'].includes(e.status?.phase ?? '') && e;
      },
      timeoutMs,
      `experiment ${name} finished`,
    ).catch(async (error: Error) => {
      // What the run was waiting for, and the cluster it was looking at.
      const e = await experiment(name).catch(() => undefined);
      const web = await pods('web').catch(() => []);
      const states = web.map(
        (p) => `${p.metadata.name} ${p.spec.nodeName} ${p.status?.phase} ready=${readyPod(p)}`,
      );
      throw new Error(
        `${JSON.stringify({ status: e?.status, annotations: e?.metadata.annotations })}\n${states.join('\n')}\n${error.message}`,
      );
    });
  /** The experiment once its status says Injected. */
  const onceInjected = (name: string, what: string) =>
    waitFor(
      async () => {
        const e = await experiment(name);
        return e.status?.phase === 'Injected' ? e : undefined;
      },
      10_000,
      what,
    );
  /** The launcher's lines for one component since `from` (an offset into its output). */
  const linesOf = (component: string, from: number) =>
    launcher
      .output()
      .slice(from)
      .split('\n')
      .filter((line) => line.includes(`[${component}]`));
  /** When the component's new process logged its first line after `from` (its own JSON time). */
  const restartedAt = (component: string, from: number): number | undefined => {
    const lines = linesOf(component, from);
    const exit = lines.findIndex((line) => line.includes('exited with signal SIGKILL'));
    if (exit < 0) return undefined;
    for (const line of lines.slice(exit + 1)) {
      const json = line.slice(line.indexOf('{'));
      try {
        return Date.parse((JSON.parse(json) as { time: string }).time);
      } catch {
        // not one of its JSON lines
      }
    }
    return undefined;
  };

  beforeAll(async () => {
    await buildDist();
    launcher = await startLauncher({ ORCHESTRA_NODES: '3', ORCHESTRA_PROMETHEUS: 'off' });
    const endpoints = launcher.endpoints();
    apiserverUrl = endpoints.apiserver;
    servicesUrl = endpoints.services;
    client = new ApiClient({
      baseUrl: apiserverUrl,
      userAgent: 'chaos-components-e2e',
      token: launcher.adminToken,
      fetch: launcher.fetch,
    });
    await client
      .resource(def('Namespace'))
      .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await client.resource<Deployment>(def('Deployment')).create(deployment('web', REPLICAS));
    await client.resource(def('Service')).create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: NS },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
    });
    await waitFor(
      async () => (await pods('web')).filter(readyPod).length === REPLICAS,
      30_000,
      `${REPLICAS} web pods Ready`,
    );
    invariant = setInterval(() => {
      void Promise.all([pods('web'), client.resource<Deployment>(def('Deployment')).get('web', NS)])
        .then(([web, d]) => {
          checks++;
          const bound = (d.spec.replicas ?? 1) + MAX_SURGE;
          const count = web.filter(live).length;
          if (count > bound) violations.push(`${count} web pods (bound ${bound})`);
        })
        .catch(() => undefined); // the apiserver is never hit here; a slow answer is skipped
    }, 200);
  }, 150_000);

  afterAll(async () => {
    clearInterval(invariant);
    await launcher?.dispose();
  });

  afterEach(() => {
    expect(violations).toEqual([]);
  });

  const removeDeployment = async (name: string) => {
    await client.resource(def('Deployment')).delete(name, NS);
    // Named in the failure: which pods are left, and in what state.
    let left: Pod[] = [];
    await waitFor(async () => (left = await pods(name)).length === 0, 30_000, `the ${name} pods gone`).catch(
      (error: Error) => {
        const states = left.map(
          (p) =>
            `${p.metadata.name} ${p.spec.nodeName} ${p.status?.phase} deleting=${!!p.metadata.deletionTimestamp}`,
        );
        throw new Error(`${states.join('\n')}\n${error.message}`);
      },
    );
  };

  /** The rest of the scheduler's kill, once its pods are waiting: timed from its restart. */
  const schedulerKilledRun = async (run: ChaosExperiment, from: number) => {
    const restart = await waitFor(
      async () => restartedAt('scheduler', from),
      15_000,
      'the scheduler restarted',
    );
    const boundAt = await waitFor(
      async () => {
        const all = await pods('pending');
        return all.length === 5 && all.every((p) => p.spec.nodeName) && Date.now();
      },
      15_000,
      '5 pending pods bound',
    );
    const done = await finished(run.metadata.name!);
    console.log(
      `component-kill scheduler: restarted ${restart - Date.parse(done.status!.injectedAt!)} ms after the kill; ` +
        `5 pods bound ${boundAt - restart} ms after its restart; timeToRecover ${done.status!.timeToRecoverSeconds} s`,
    );
    expect(boundAt - restart).toBeLessThanOrEqual(RESTART_BOUND_MS);
    expect(done.status).toMatchObject({ phase: 'Recovered', verdict: 'Passed' });
    expect(done.status!.affected).toEqual([{ apiVersion: 'v1', kind: 'ComponentStatus', name: 'scheduler' }]);
    expect(done.metadata.annotations?.['back.chaos.orchestra.dev/scheduler']).toMatch(/^1@/);
  };

  it('scheduler killed: pods created while it is down are bound within 5 s of its restart', async () => {
    const from = launcher.output().length;
    const run = await post(`component-kill?namespace=${NS}&component=scheduler`);
    await waitFor(
      async () => linesOf('scheduler', from).some((l) => l.includes('exited with signal SIGKILL')),
      10_000,
      'the scheduler SIGKILLed',
    );
    await client.resource<Deployment>(def('Deployment')).create(deployment('pending', 5));
    try {
      await schedulerKilledRun(run, from);
    } finally {
      await removeDeployment('pending');
    }
  }, 60_000);

  it('controller-manager killed (with the chaos controller in it): a scale-up made meanwhile is acted on', async () => {
    const from = launcher.output().length;
    const run = await post(`component-kill?namespace=${NS}&component=controller-manager`);
    await waitFor(
      async () => linesOf('controller-manager', from).some((l) => l.includes('exited with signal SIGKILL')),
      10_000,
      'the controller-manager SIGKILLed',
    );
    const web = await client.resource<Deployment>(def('Deployment')).get('web', NS);
    await client
      .resource<Deployment>(def('Deployment'))
      .update({ ...web, spec: { ...web.spec, replicas: 4 } });
    await waitFor(
      async () => (await pods('web')).filter(readyPod).length === 4,
      20_000,
      '4 web pods Ready after the restart',
    );
    const done = await finished(run.metadata.name!);
    console.log(
      `component-kill controller-manager: timeToRecover ${done.status!.timeToRecoverSeconds} s (${done.status!.message})`,
    );
    expect(done.status).toMatchObject({ phase: 'Recovered', verdict: 'Passed' });
    const back = await client.resource<Deployment>(def('Deployment')).get('web', NS);
    await client
      .resource<Deployment>(def('Deployment'))
      .update({ ...back, spec: { ...back.spec, replicas: REPLICAS } });
    await waitFor(
      async () => (await pods('web')).filter(live).length === REPLICAS,
      20_000,
      `back to ${REPLICAS} web pods`,
    );
  }, 60_000);

  it('kubelet killed: its nodes come back and their pods are Running and Ready again', async () => {
    const node = (await pods('web')).filter(readyPod)[0].spec.nodeName!;
    const from = launcher.output().length;
    const run = await post(`component-kill?namespace=${NS}&component=kubelet&nodes=${node}`);
    await waitFor(
      async () => linesOf('kubelet', from).some((l) => l.includes('exited with signal SIGKILL')),
      10_000,
      'the kubelet SIGKILLed',
    );
    const done = await finished(run.metadata.name!);
    console.log(
      `component-kill kubelet (${node}): detected ${done.status!.timeToDetectSeconds ?? '-'} s, ` +
        `timeToRecover ${done.status!.timeToRecoverSeconds} s`,
    );
    expect(done.status).toMatchObject({ phase: 'Recovered', verdict: 'Passed' });
    expect(done.status!.affected!.map((a) => `${a.kind} ${a.name}`)).toEqual([`Node ${node}`]);
    expect(done.status!.steadyState!.deployments).toEqual([`${NS}/web`]);
    expect((await pods('web')).filter(readyPod)).toHaveLength(REPLICAS);
  }, 60_000);

  it('proxy killed: the Service answers again', async () => {
    const get = () =>
      fetch(`${servicesUrl}/${NS}/web/`, { signal: AbortSignal.timeout(2_000) }).then(
        (r) => r.status,
        () => 0,
      );
    expect(await get()).toBe(200);
    const from = launcher.output().length;
    const run = await post(`component-kill?namespace=${NS}&component=proxy`);
    await waitFor(
      async () => linesOf('proxy', from).some((l) => l.includes('exited with signal SIGKILL')),
      10_000,
      'the proxy SIGKILLed',
    );
    const done = await finished(run.metadata.name!);
    expect(done.status).toMatchObject({ phase: 'Recovered', verdict: 'Passed' });
    await waitFor(async () => (await get()) === 200, 10_000, 'the Service answering again');
  }, 60_000);

  it('cluster-dns killed: the Service name resolves again', async () => {
    const resolver = new Resolver({ timeout: 1_000, tries: 1 });
    resolver.setServers([launcher.endpoints().dns]);
    const { spec } = await client.resource<Service>(def('Service')).get('web', NS);
    const resolve = () =>
      resolver.resolve4(`web.${NS}.svc.cluster.local`).then(
        (ips) => ips,
        () => [],
      );
    expect(await resolve()).toEqual([spec.clusterIP]);
    const from = launcher.output().length;
    const run = await post(`component-kill?namespace=${NS}&component=cluster-dns`);
    await waitFor(
      async () => linesOf('cluster-dns', from).some((l) => l.includes('exited with signal SIGKILL')),
      10_000,
      'cluster-dns SIGKILLed',
    );
    const done = await finished(run.metadata.name!);
    expect(done.status).toMatchObject({ phase: 'Recovered', verdict: 'Passed' });
    await waitFor(async () => (await resolve())[0] === spec.clusterIP, 10_000, 'the name resolving again');
  }, 60_000);

  it('queue-stall of the scheduler: pods wait unbound while it lasts, are bound after, the backlog drains', async () => {
    const run = await post(`queue-stall?namespace=${NS}&component=scheduler&duration=3s`);
    const injected = await onceInjected(run.metadata.name!, 'the stall injected');
    await new Promise((r) => setTimeout(r, 300)); // the scheduler's informer sees the run
    await client.resource<Deployment>(def('Deployment')).create(deployment('stalled', 2));
    try {
      const stallEnds = Date.parse(injected.status!.injectedAt!) + 3_000;
      const boundAt = await waitFor(
        async () => {
          const all = await pods('stalled');
          return all.length === 2 && all.every((p) => p.spec.nodeName) && Date.now();
        },
        15_000,
        '2 pods bound after the stall',
      );
      const done = await finished(run.metadata.name!);
      console.log(
        `queue-stall scheduler 3s: pods bound ${boundAt - stallEnds} ms after the stall ended; ` +
          `detected ${done.status!.timeToDetectSeconds ?? '-'} s, recovered ${done.status!.timeToRecoverSeconds} s; ` +
          `queues ${JSON.stringify(done.status!.steadyState!.queues)}`,
      );
      expect(boundAt).toBeGreaterThanOrEqual(stallEnds - 100);
      expect(done.status).toMatchObject({ phase: 'Recovered', verdict: 'Passed' });
      expect(done.status!.steadyState!.queues).toEqual([{ name: 'scheduler', waitingBefore: 0 }]);
      // The jobs of the pods created during the stall waited in the queue: the run saw the backlog.
      expect(done.status!.timeToDetectSeconds).toBeGreaterThan(0);
    } finally {
      await removeDeployment('stalled');
    }
  }, 60_000);

  it("queue-stall of a kubelet's node queue: its new pods are not started while it lasts, then are", async () => {
    const run = await post(`queue-stall?namespace=${NS}&component=kubelet&queues=kubelet-node-1&duration=3s`);
    const injected = await onceInjected(run.metadata.name!, 'the stall injected');
    await new Promise((r) => setTimeout(r, 300)); // the kubelet's chaos agent sees the run
    const pinned = deployment('pinned', 2);
    pinned.spec.template.spec!.nodeSelector = { 'kubernetes.io/hostname': 'node-1' };
    await client.resource<Deployment>(def('Deployment')).create(pinned);
    try {
      const stallEnds = Date.parse(injected.status!.injectedAt!) + 3_000;
      await waitFor(
        async () => (await pods('pinned')).filter((p) => p.spec.nodeName === 'node-1').length === 2,
        5_000,
        'the 2 pinned pods bound to node-1',
      );
      const boundAt = Date.now();
      const runningAt = await waitFor(
        async () => {
          const all = await pods('pinned');
          return all.length === 2 && all.every((p) => p.status?.phase === 'Running') && Date.now();
        },
        15_000,
        '2 pinned pods Running after the stall',
      );
      const done = await finished(run.metadata.name!);
      console.log(
        `queue-stall kubelet-node-1 3s: pods bound ${stallEnds - boundAt} ms before its end, Running ` +
          `${runningAt - stallEnds} ms after it; recovered ${done.status!.timeToRecoverSeconds} s`,
      );
      expect(boundAt).toBeLessThan(stallEnds);
      expect(runningAt).toBeGreaterThanOrEqual(stallEnds - 100);
      expect(done.status).toMatchObject({ phase: 'Recovered', verdict: 'Passed' });
      expect(done.status!.steadyState!.queues).toEqual([{ name: 'kubelet-node-1', waitingBefore: 0 }]);
    } finally {
      await removeDeployment('pinned');
    }
  }, 60_000);

  it('scheduler paused: nothing is bound while it is stopped, the pending pods are bound after', async () => {
    const run = await post(`component-pause?namespace=${NS}&component=scheduler&duration=4s`);
    const injected = await waitFor(
      async () => {
        const e = await experiment(run.metadata.name!);
        return e.status?.injectedAt ? e : undefined;
      },
      10_000,
      'the pause injected',
    );
    // Give the SIGSTOP a moment to land, then create pods nobody can bind until it ends.
    await new Promise((r) => setTimeout(r, 500));
    await client.resource<Deployment>(def('Deployment')).create(deployment('paused', 2));
    const pauseEnds = Date.parse(injected.status!.injectedAt!) + 4_000;
    const boundAt = await waitFor(
      async () => {
        const all = await pods('paused');
        return all.length === 2 && all.every((p) => p.spec.nodeName) && Date.now();
      },
      20_000,
      '2 pods bound after the pause',
    );
    const done = await finished(run.metadata.name!);
    console.log(
      `component-pause scheduler 4s: pods bound ${boundAt - pauseEnds} ms after the pause ended; ` +
        `timeToRecover ${done.status!.timeToRecoverSeconds} s`,
    );
    expect(boundAt).toBeGreaterThanOrEqual(pauseEnds - 100);
    expect(done.status).toMatchObject({ phase: 'Recovered', verdict: 'Passed' });
    expect(checks).toBeGreaterThan(50);
  }, 60_000);
});
