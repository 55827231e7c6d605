/**
 * Chaos on nodes, end to end with real OS processes (built from dist/): the apiserver, the
 * scheduler, the controller-manager (chaos, node lifecycle, taint eviction), one kubelet of three
 * nodes with PROFILE=playground. node-drain: the node is cordoned, its Deployment pods are evicted
 * (with their own grace period) and run elsewhere, a bare pod stays, and the node is uncordoned
 * after the duration. Invariant, every 200 ms while the node is cordoned: no new pod is bound to it.
 * node-down: the node's kubelet stops heartbeating and its pods die; the node lifecycle controller
 * marks it Unknown, taints it and evicts its pods (playground: grace 5 s, tolerations 3 s), which
 * run elsewhere within 15 s; invariant every 200 ms: no pod stays Running (and not terminating)
 * there once its eviction time has passed; the node is Ready again, untainted, after the duration.
 * node-partition: the node's kubelet cannot reach the apiserver, but its pods keep serving (through
 * the proxy, every 200 ms, and directly even once evicted); after the heal its first node status
 * write, made from its stale copy, is rejected with 409, and it resumes: Ready, untainted, the pods
 * evicted meanwhile stopped and confirmed gone.
 */
import { builtinResources, ChaosExperiment, Deployment, Node, Pod, ResourceDefinition } from '@orchestra/api';
import { ApiClient } from '@orchestra/client';
import { findFreePort } from '../../redis/free-port';
import { ClusterProcesses } from '../cluster-processes';
import { buildDist, ComponentProcess } from '../component-process';
import { createTestRedis, TestRedis } from '../test-redis';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
const REPLICAS = 6;
/** Stated bound: the drained node's Deployment pods all Running elsewhere within this. */
const DRAIN_BOUND_MS = 15_000;
const GRACE_SECONDS = 2;

const web = (): Deployment =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'demo' },
    spec: {
      replicas: REPLICAS,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          terminationGracePeriodSeconds: GRACE_SECONDS,
          containers: [{ name: 'web', image: 'orchestra/web', ports: [{ containerPort: 8080 }] }],
        },
      },
    },
  }) as Deployment;

describe('chaos on nodes (real processes)', () => {
  let redis: TestRedis;
  let cluster: ClusterProcesses;
  let apiserver: ComponentProcess;
  let client: ApiClient;
  let kubelet: ComponentProcess;
  let trafficUrl = '';

  // Go through `cluster`: beforeAll creates it, once the Redis is there.
  const start: ClusterProcesses['start'] = (...args) => cluster.start(...args);
  const waitFor: ClusterProcesses['waitFor'] = (check, timeoutMs, what) =>
    cluster.waitFor(check, timeoutMs, what);
  const pods = () =>
    client
      .resource<Pod>(def('Pod'))
      .list({ namespace: 'demo' })
      .then((l) => l.items);
  const node = (name: string) => client.resource<Node>(def('Node')).get(name);
  const running = (p: Pod) => !p.metadata.deletionTimestamp && p.status?.phase === 'Running';
  const post = async (path: string) => {
    const res = await cluster.fetch(path, { method: 'POST' });
    const body = (await res.json()) as ChaosExperiment;
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const experiment = (name: string) =>
    client.resource<ChaosExperiment>(def('ChaosExperiment')).get(name, 'demo');

  beforeAll(async () => {
    await buildDist();
    redis = createTestRedis('chaos-nodes');
    cluster = new ClusterProcesses(redis);
    // The playground's 3 s tolerations are added at admission.
    apiserver = await start('apiserver', 'APISERVER_PORT', { PROFILE: 'playground' });
    const trafficPort = await findFreePort();
    trafficUrl = `http://127.0.0.1:${trafficPort}`;
    await Promise.all([
      start('scheduler', 'SCHEDULER_PORT', { LEADER_ELECT: 'false' }),
      start('proxy', 'PROXY_PORT', { PROXY_TRAFFIC_PORT: String(trafficPort), PROXY_NODE_PORTS: 'false' }),
      start('controller-manager', 'CONTROLLER_MANAGER_PORT', {
        LEADER_ELECT: 'false',
        PROFILE: 'playground',
        CHAOS_MAX_INJECTIONS_PER_MINUTE: '1000',
      }),
      start('kubelet', 'KUBELET_PORT', {
        NODES: '3',
        NODE_NAME_PREFIX: 'chaos-node',
        PROFILE: 'playground',
        TIME_SCALE: '20',
      }).then((k) => (kubelet = k)),
    ]);
    client = new ApiClient({
      baseUrl: apiserver.url,
      userAgent: 'chaos-nodes-e2e',
      token: cluster.credentials.adminToken,
    });
    await client.resource(def('Namespace')).create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'demo' },
    });
    await client.resource<Deployment>(def('Deployment')).create(web());
    await client.resource(def('Service')).create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'demo' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
    });
    await waitFor(
      async () => (await pods()).filter(running).length === REPLICAS,
      30_000,
      `${REPLICAS} web pods Running`,
    );
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    await redis?.cleanup();
  }, 30_000);

  it('node-drain: cordon, evict with the pods’ grace period, Running elsewhere, uncordoned after', async () => {
    // The node with the most web pods; a bare pod pinned there must stay (kubectl drain needs --force).
    const byNode = new Map<string, Pod[]>();
    for (const p of (await pods()).filter(running))
      byNode.set(p.spec.nodeName!, [...(byNode.get(p.spec.nodeName!) ?? []), p]);
    const [target, onTarget] = [...byNode].sort((a, b) => b[1].length - a[1].length)[0];
    await client.resource<Pod>(def('Pod')).create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'bare', namespace: 'demo' },
      spec: { nodeName: target, containers: [{ name: 'main', image: 'orchestra/web' }] },
    } as Pod);
    const bare = await waitFor(
      async () => (await pods()).find((p) => p.metadata.name === 'bare' && running(p)),
      10_000,
      'the bare pod Running',
    );
    const evicted = new Set(onTarget.map((p) => p.metadata.uid));
    const original = new Set((await pods()).map((p) => p.metadata.uid));

    const created = await post(`/chaos/v1/node-drain?namespace=demo&nodes=${target}&duration=6s`);
    const injectedAt = Date.now();
    // Invariant while cordoned: no new pod lands on the drained node.
    const violations: string[] = [];
    let cordoned = true;
    let checks = 0;
    const invariant = setInterval(() => {
      if (!cordoned) return;
      void pods().then((all) => {
        checks++;
        for (const p of all)
          if (p.spec.nodeName === target && !original.has(p.metadata.uid))
            violations.push(`${p.metadata.name} bound to the cordoned ${target}`);
      });
    }, 200);
    try {
      await waitFor(async () => (await node(target)).spec?.unschedulable === true, 2_000, 'node cordoned');
      // Evicted with their own grace period, Running elsewhere: timed from the request.
      const replacedAt = await waitFor(
        async () => {
          const all = await pods();
          const web = all.filter((p) => p.metadata.labels?.app === 'web');
          const left = web.filter((p) => evicted.has(p.metadata.uid));
          const elsewhere = web.filter((p) => running(p) && p.spec.nodeName !== target);
          return (
            left.every((p) => p.metadata.deletionTimestamp) && elsewhere.length === REPLICAS && Date.now()
          );
        },
        DRAIN_BOUND_MS,
        `the ${onTarget.length} web pods of ${target} Running elsewhere`,
      );
      const timed = replacedAt - injectedAt;
      const injected = await experiment(created.metadata.name!);
      expect(injected.status!.affected!.map((a) => `${a.kind} ${a.name}`).sort()).toEqual(
        [`Node ${target}`, ...onTarget.map((p) => `Pod ${p.metadata.name}`)].sort(),
      );
      const stillThere = (await pods()).find((p) => p.metadata.name === 'bare');
      expect(stillThere?.metadata.uid).toBe(bare.metadata.uid);
      expect(stillThere?.metadata.deletionTimestamp).toBeUndefined();

      const done = await waitFor(
        async () => {
          const e = await experiment(created.metadata.name!);
          return ['Recovered', 'Failed'].includes(e.status?.phase ?? '') && e;
        },
        20_000,
        'the drain to finish',
      );
      cordoned = false;
      expect(done.status).toMatchObject({ phase: 'Recovered', verdict: 'Passed' });
      expect(done.status!.steadyState!.deployments).toEqual(['demo/web']);
      expect((await node(target)).spec?.unschedulable).toBeFalsy();
      expect(
        Date.parse(done.status!.faultEndedAt!) - Date.parse(done.status!.injectedAt!),
      ).toBeGreaterThanOrEqual(6_000);
      expect(violations).toEqual([]);
      expect(checks).toBeGreaterThan(10);
      process.stdout.write(
        `node-drain of ${target}: ${onTarget.length} web pods evicted (grace ${GRACE_SECONDS}s) and all ${REPLICAS} Running ` +
          `elsewhere ${timed} ms after the request (bound ${DRAIN_BOUND_MS / 1000} s); detected after ` +
          `${done.status!.timeToDetectSeconds ?? '-'} s, steady state back ${done.status!.timeToRecoverSeconds} s after ` +
          `the uncordon; ${checks} invariant checks\n`,
      );
    } finally {
      clearInterval(invariant);
    }
  }, 60_000);

  it('node-down: Unknown, tainted, its pods evicted and Running elsewhere within 15 s; back Ready and untainted after', async () => {
    const byNode = new Map<string, Pod[]>();
    for (const p of (await pods()).filter((p) => running(p) && p.metadata.labels?.app === 'web'))
      byNode.set(p.spec.nodeName!, [...(byNode.get(p.spec.nodeName!) ?? []), p]);
    const [target, onTarget] = [...byNode].sort((a, b) => b[1].length - a[1].length)[0];
    const lost = new Set(onTarget.map((p) => p.metadata.uid));
    const TOLERATION_MS = 3_000;
    /** The taint eviction controller's own reaction time on top of the toleration. */
    const SLACK_MS = 1_000;
    const violations: string[] = [];
    let checks = 0;
    let evictionDueAt: number | undefined;
    const invariant = setInterval(() => {
      void Promise.all([node(target), pods()]).then(([n, all]) => {
        checks++;
        const taint = n.spec?.taints?.find(
          (t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute',
        );
        // timeAdded is in whole seconds: the toleration counts from the end of that second.
        if (taint?.timeAdded) evictionDueAt ??= Date.parse(taint.timeAdded) + 1_000 + TOLERATION_MS;
        if (evictionDueAt === undefined || Date.now() < evictionDueAt + SLACK_MS) return;
        for (const p of all)
          if (lost.has(p.metadata.uid) && running(p))
            violations.push(
              `${p.metadata.name} still Running on lost ${target} ${Date.now() - evictionDueAt} ms after its eviction time`,
            );
      });
    }, 200);
    try {
      const created = await post(`/chaos/v1/node-down?namespace=demo&nodes=${target}&duration=20s`);
      const injectedAt = Date.now();
      // Its pods serve nothing: the kubelet's port answers for them as a refused connection does.
      const podIP = onTarget[0].status!.podIP!;
      await waitFor(
        async () => {
          const res = await fetch(`${kubelet.url}/`, { headers: { 'x-orchestra-pod-ip': podIP } });
          await res.text();
          return (
            res.status === 502 && res.headers.get('x-orchestra-pod-unreachable') === 'connection-refused'
          );
        },
        2_000,
        `pod ${podIP} on the lost node refused`,
      );
      const replacedAt = await waitFor(
        async () => {
          const web = (await pods()).filter((p) => p.metadata.labels?.app === 'web');
          const elsewhere = web.filter((p) => running(p) && p.spec.nodeName !== target);
          return elsewhere.length === REPLICAS && Date.now();
        },
        15_000,
        `the ${onTarget.length} web pods of ${target} Running elsewhere`,
      );
      const timed = replacedAt - injectedAt;
      const lostNode = await node(target);
      expect(lostNode.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('Unknown');
      expect(evictionDueAt).toBeDefined();
      // Back after the duration: heartbeats, Ready, taints gone; the experiment recovers.
      const back = await waitFor(
        async () => {
          const n = await node(target);
          const ready = n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
          return (
            ready &&
            !(n.spec?.taints ?? []).some((t) => t.key.startsWith('node.kubernetes.io/unreachable')) &&
            Date.now()
          );
        },
        30_000,
        `${target} Ready and untainted after the duration`,
      );
      const done = await waitFor(
        async () => {
          const e = await experiment(created.metadata.name!);
          return ['Recovered', 'Failed'].includes(e.status?.phase ?? '') && e;
        },
        20_000,
        'node-down to finish',
      );
      expect(done.status).toMatchObject({ phase: 'Recovered', verdict: 'Passed' });
      expect(done.status!.affected).toEqual([expect.objectContaining({ kind: 'Node', name: target })]);
      expect(done.status!.steadyState!.deployments).toEqual(['demo/web']);
      // The lost pods, deleted meanwhile, are cleaned up by the kubelet once back.
      await waitFor(
        async () => !(await pods()).some((p) => lost.has(p.metadata.uid)),
        10_000,
        'the evicted pods confirmed gone',
      );
      expect(violations).toEqual([]);
      process.stdout.write(
        `node-down of ${target} (${onTarget.length} web pods): all ${REPLICAS} Running elsewhere ${timed} ms after ` +
          `the injection (bound 15 s); eviction due ${evictionDueAt! - injectedAt} ms after it; node Ready and untainted ` +
          `${back - injectedAt} ms after it (duration 20 s); detected after ${done.status!.timeToDetectSeconds ?? '-'} s; ` +
          `${checks} invariant checks\n`,
      );
    } finally {
      clearInterval(invariant);
    }
  }, 90_000);

  it('node-partition: pods keep serving; after the heal its stale status write gets a 409 and it resumes', async () => {
    const webPods = (await pods()).filter((p) => running(p) && p.metadata.labels?.app === 'web');
    await waitFor(
      async () => (await fetch(`${trafficUrl}/demo/web/`)).status === 200,
      10_000,
      'the Service answering through the proxy',
    );
    const byNode = new Map<string, Pod[]>();
    for (const p of webPods) byNode.set(p.spec.nodeName!, [...(byNode.get(p.spec.nodeName!) ?? []), p]);
    const [target, onTarget] = [...byNode].sort((a, b) => b[1].length - a[1].length)[0];
    const cut = new Set(onTarget.map((p) => p.metadata.uid));
    const direct = async (ip: string) => {
      const res = await fetch(`${kubelet.url}/`, { headers: { 'x-orchestra-pod-ip': ip } });
      await res.text();
      return res.status;
    };
    const created = await post(`/chaos/v1/node-partition?namespace=demo&nodes=${target}&duration=12s`);
    const injectedAt = Date.now();
    // Through the proxy and straight to the cut-off pods, every 200 ms for the whole partition.
    const failures: string[] = [];
    let requests = 0;
    while (Date.now() < injectedAt + 11_500) {
      const res = await fetch(`${trafficUrl}/demo/web/`, { signal: AbortSignal.timeout(3_000) });
      await res.text();
      requests++;
      if (res.status !== 200) failures.push(`proxy ${res.status} at +${Date.now() - injectedAt} ms`);
      for (const p of onTarget) {
        const status = await direct(p.status!.podIP!);
        if (status !== 200) failures.push(`${p.metadata.name} ${status} at +${Date.now() - injectedAt} ms`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    // Meanwhile the cluster gave up on the node: its pods were evicted (deletion pending, as the
    // kubelet could not confirm) and replaced elsewhere.
    const during = await pods();
    expect(during.filter((p) => cut.has(p.metadata.uid)).every((p) => p.metadata.deletionTimestamp)).toBe(
      true,
    );
    expect(failures).toEqual([]);
    // Healed: the first status write from its stale copy is rejected, then it resumes.
    await waitFor(
      async () =>
        kubelet
          .logLines()
          .some(
            (l) => String(l.message).startsWith('node status write rejected as stale') && l.node === target,
          ),
      10_000,
      `${target}'s stale node status write rejected with 409`,
    );
    const back = await waitFor(
      async () => {
        const n = await node(target);
        const ready = n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
        return (
          ready && !(n.spec?.taints ?? []).some((t) => t.key.startsWith('node.kubernetes.io/')) && Date.now()
        );
      },
      15_000,
      `${target} Ready and untainted after the heal`,
    );
    // In sync: the evicted pods stopped and confirmed gone, nothing of them served any more.
    await waitFor(
      async () => !(await pods()).some((p) => cut.has(p.metadata.uid)),
      10_000,
      'the pods evicted during the partition confirmed gone',
    );
    for (const p of onTarget) expect(await direct(p.status!.podIP!)).toBe(502);
    const done = await waitFor(
      async () => {
        const e = await experiment(created.metadata.name!);
        return ['Recovered', 'Failed'].includes(e.status?.phase ?? '') && e;
      },
      20_000,
      'node-partition to finish',
    );
    expect(done.status).toMatchObject({ phase: 'Recovered', verdict: 'Passed' });
    process.stdout.write(
      `node-partition of ${target} (${onTarget.length} web pods) for 12 s: ${requests} rounds of requests through the ` +
        `proxy and to the cut-off pods, none failed; stale status write rejected (409) and the node Ready and ` +
        `untainted ${back - injectedAt} ms after the injection\n`,
    );
  }, 90_000);
});
