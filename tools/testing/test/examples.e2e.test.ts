/**
 * examples/ as a user runs them (examples/README.md): one `npm start` playground of 3 nodes (from
 * dist/), each example applied with the real kubectl exactly as the README says, and each
 * documented outcome checked. Reads go to the apiserver's REST API directly where a check polls
 * fast (the rollout's endpoints, every 200 ms); every write is kubectl's. Each example has its own
 * namespace and is deleted once checked, so that nothing is left running on the node that
 * node-down powers off but the web app the chaos examples aim at.
 */
import { Resolver } from 'node:dns/promises';
import { join } from 'node:path';
import type {
  ChaosExperiment,
  Endpoints,
  Event,
  Namespace,
  Node,
  Pod,
  ReplicaSet,
  Service,
} from '@orchestra/api';
import { installedKubectlClients } from '../../../apps/apiserver/test/kubectl-clients';
import { buildDist } from '../component-process';
import { eventually } from '../eventually';
import { LauncherProcess, startLauncher } from '../launcher-process';

const repoRoot = join(__dirname, '..', '..', '..');
const example = (file: string) => join(repoRoot, 'examples', file);
const NODES = ['node-1', 'node-2', 'node-3'];

interface List<T> {
  items: T[];
}

const isReady = (pod: Pod) =>
  !pod.metadata.deletionTimestamp &&
  pod.status?.phase === 'Running' &&
  !!pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
const isPending = (pod: Pod) => !pod.metadata.deletionTimestamp && pod.status?.phase === 'Pending';
const readyAddresses = (ep: Endpoints | undefined) =>
  (ep?.subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
/** How many of `pods` each key (a node, a zone) has. */
const countBy = (pods: Pod[], key: (pod: Pod) => string) =>
  pods.reduce<Record<string, number>>((counts, pod) => {
    counts[key(pod)] = (counts[key(pod)] ?? 0) + 1;
    return counts;
  }, {});

describe('examples/ (npm start --nodes 3, the real kubectl)', () => {
  const kubectlPath = installedKubectlClients()[0]?.path ?? 'kubectl';
  let launcher: LauncherProcess;
  let apiserver: string;
  let services: string;
  // The kubeconfig the launcher wrote: the admin's token, the playground's CA.
  const kubectl = (...args: string[]) => launcher.kubectlWith(kubectlPath, ...args);
  const apply = (file: string) => kubectl('apply', '-f', example(file));

  async function get<T>(path: string): Promise<T | undefined> {
    const res = await launcher.fetch(`${apiserver}${path}`, { signal: AbortSignal.timeout(5_000) });
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  const pods = async (namespace: string, selector: string) =>
    (
      (
        await get<List<Pod>>(
          `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(selector)}`,
        )
      )?.items ?? []
    ).filter((pod) => !pod.metadata.deletionTimestamp);
  const events = async (namespace: string) =>
    (await get<List<Event>>(`/api/v1/namespaces/${namespace}/events`))?.items ?? [];
  const experiment = (name: string) =>
    get<ChaosExperiment>(`/apis/chaos.orchestra.dev/v1alpha1/namespaces/demo/chaosexperiments/${name}`);
  /** `eventually`, failing with what the launcher printed last. */
  const waitFor = <T>(check: () => Promise<T | undefined | false>, timeoutMs: number, what: string) =>
    eventually(check, timeoutMs, what).catch((error: Error) => {
      throw new Error(`${error.message}\n--- launcher ---\n${launcher.output().slice(-4_000)}`);
    });
  /** The run of a ChaosExperiment, once it ended Recovered (or failed the test if it ended Failed). */
  const recovered = (name: string, timeoutMs: number) =>
    waitFor(
      async () => {
        const chaos = await experiment(name);
        if (chaos?.status?.phase === 'Failed')
          throw new Error(`${name} Failed: ${JSON.stringify(chaos.status)}`);
        return chaos?.status?.phase === 'Recovered' && chaos;
      },
      timeoutMs,
      `ChaosExperiment ${name} Recovered`,
    );
  const failedScheduling = async (namespace: string) =>
    (await events(namespace)).filter((e) => e.reason === 'FailedScheduling').map((e) => e.message ?? '');

  beforeAll(async () => {
    await buildDist();
    launcher = await startLauncher({ ORCHESTRA_PROMETHEUS: 'off' }, 90_000, ['--nodes', '3']);
    apiserver = launcher.endpoints().apiserver;
    services = launcher.endpoints().services;
    await waitFor(
      async () => {
        const nodes = (await get<List<Node>>('/api/v1/nodes'))?.items ?? [];
        const ready = nodes.filter((n) =>
          n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        );
        return ready.length === 3;
      },
      20_000,
      '3 Ready nodes',
    );
  }, 180_000);

  afterAll(async () => {
    await launcher?.dispose();
  }, 60_000);

  it('web-app.yaml: 3 pods Running and Ready, 3 ready endpoints, the Service answers through the proxy', async () => {
    await apply('web-app.yaml');
    const ready = await waitFor(
      async () => {
        const web = (await pods('demo', 'app=web')).filter(isReady);
        return web.length === 3 && web;
      },
      30_000,
      '3 Ready web pods',
    );
    await waitFor(
      async () => readyAddresses(await get<Endpoints>('/api/v1/namespaces/demo/endpoints/web')) === 3,
      10_000,
      'Service web: 3 ready endpoints',
    );
    // The proxy routes round-robin over the ready endpoints: 6 requests reach all 3 pods.
    const answeredBy = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${services}/demo/web/`, { signal: AbortSignal.timeout(5_000) });
      const body = await res.text();
      expect(res.status).toBe(200);
      answeredBy.add(/^Hello from (\S+)/.exec(body)?.[1] ?? body);
    }
    expect([...answeredBy].sort()).toEqual(ready.map((p) => p.metadata.name).sort());
  }, 60_000);

  it('service-discovery.yaml: the cluster DNS names the Services, the frontend reaches the backend by its short name', async () => {
    await apply('service-discovery.yaml');
    const backends = await waitFor(
      async () => {
        const ready = (await pods('dns', 'app=backend')).filter(isReady);
        const frontend = (await pods('dns', 'app=frontend')).filter(isReady);
        return ready.length === 2 && frontend.length === 1 && ready;
      },
      30_000,
      '2 Ready backend pods and a Ready frontend pod',
    );
    await waitFor(
      async () => readyAddresses(await get<Endpoints>('/api/v1/namespaces/dns/endpoints/frontend')) === 1,
      10_000,
      'Service frontend: 1 ready endpoint',
    );
    const clusterIP = (await get<Service>('/api/v1/namespaces/dns/services/backend'))!.spec.clusterIP;
    const resolver = new Resolver({ timeout: 2_000, tries: 2 });
    resolver.setServers([launcher.endpoints().dns]);
    expect(await resolver.resolve4('backend.dns.svc.cluster.local')).toEqual([clusterIP]);
    expect((await resolver.resolve4('backend-pods.dns.svc.cluster.local')).sort()).toEqual(
      backends.map((p) => p.status!.podIP).sort(),
    );
    expect(await resolver.resolveSrv('_http._tcp.backend.dns.svc.cluster.local')).toEqual([
      { name: 'backend.dns.svc.cluster.local', port: 80, priority: 0, weight: 100 },
    ]);
    const res = await fetch(`${services}/dns/frontend/`, { signal: AbortSignal.timeout(5_000) });
    const body = await res.text();
    expect(res.status).toBe(200);
    expect(body).toMatch(/^Hello from frontend-/);
    const upstream = body.split('\n')[1];
    expect(
      upstream.startsWith(
        `upstream http://backend/ (backend.dns.svc.cluster.local → ${clusterIP}): 200 Hello from backend-`,
      ),
    ).toBe(true);
    // Scaled to 0, the backend has no endpoints: the frontend answers 502 with the proxy's 503.
    await kubectl('scale', 'deploy', 'backend', '-n', 'dns', '--replicas=0');
    await waitFor(
      async () => {
        const r = await fetch(`${services}/dns/frontend/`, { signal: AbortSignal.timeout(5_000) });
        return (
          r.status === 502 &&
          (await r.text()).includes('503 no endpoints available for service "dns/backend"')
        );
      },
      15_000,
      'the frontend to answer 502: no endpoints for dns/backend',
    );
    // The namespace takes everything in it along (deleting each object too would race its controller).
    await kubectl('delete', 'namespace', 'dns', '--wait=false');
  }, 60_000);

  it('statefulset.yaml: db-0..2 created in order, each after the one before is Ready; stable DNS names; a deleted pod back on its claim', async () => {
    await apply('statefulset.yaml');
    const ready = await waitFor(
      async () => {
        const all = (await pods('stateful', 'app=db')).filter(isReady);
        return all.length === 3 && all;
      },
      30_000,
      '3 Ready db pods',
    );
    const created = (name: string) =>
      Date.parse(ready.find((p) => p.metadata.name === name)!.metadata.creationTimestamp!);
    const readySince = (name: string) =>
      Date.parse(
        ready.find((p) => p.metadata.name === name)!.status!.conditions!.find((c) => c.type === 'Ready')!
          .lastTransitionTime!,
      );
    // OrderedReady: each pod is created no earlier than its predecessor became Ready.
    expect(created('db-1')).toBeGreaterThanOrEqual(readySince('db-0'));
    expect(created('db-2')).toBeGreaterThanOrEqual(readySince('db-1'));
    const resolver = new Resolver({ timeout: 2_000, tries: 2 });
    resolver.setServers([launcher.endpoints().dns]);
    const db1 = ready.find((p) => p.metadata.name === 'db-1')!;
    expect(await resolver.resolve4('db-1.db.stateful.svc.cluster.local')).toEqual([db1.status!.podIP]);
    const claimUid = async () =>
      (await get<{ metadata: { uid: string } }>(
        '/api/v1/namespaces/stateful/persistentvolumeclaims/data-db-1',
      ))!.metadata.uid;
    const before = await claimUid();
    await kubectl('delete', 'pod', 'db-1', '-n', 'stateful', '--wait=false');
    await waitFor(
      async () => {
        const back = (await pods('stateful', 'app=db')).find((p) => p.metadata.name === 'db-1');
        return !!back && back.metadata.uid !== db1.metadata.uid && isReady(back);
      },
      30_000,
      'a new db-1, Ready',
    );
    expect(await claimUid()).toBe(before);
    await kubectl('delete', 'namespace', 'stateful', '--wait=false');
  }, 90_000);

  it('batch.yaml: a Job completes 5 of 5, a failing Job stops at its backoffLimit, a Job made from the CronJob completes', async () => {
    await apply('batch.yaml');
    interface JobLike {
      spec: { parallelism?: number };
      status?: {
        succeeded?: number;
        failed?: number;
        active?: number;
        conditions?: { type: string; status: string; reason?: string }[];
      };
    }
    const job = (name: string) => get<JobLike>(`/apis/batch/v1/namespaces/batch/jobs/${name}`);
    const mostActive: Record<string, number> = {};
    const finished = (name: string, type: 'Complete' | 'Failed') =>
      waitFor(
        async () => {
          const j = await job(name);
          mostActive[name] = Math.max(mostActive[name] ?? 0, j?.status?.active ?? 0);
          return j?.status?.conditions?.some((c) => c.type === type && c.status === 'True') && j;
        },
        60_000,
        `Job ${name} ${type}`,
      );
    const work = await finished('work', 'Complete');
    expect(work.status?.succeeded).toBe(5);
    expect(mostActive.work).toBe(2); // parallelism 2: two at a time, never more
    const fails = await finished('fails', 'Failed');
    expect(fails.status?.conditions?.find((c) => c.type === 'Failed')?.reason).toBe('BackoffLimitExceeded');
    expect(fails.status?.failed).toBe(3); // the first try and backoffLimit 2 retries
    await kubectl('create', 'job', 'now', '-n', 'batch', '--from=cronjob/every-minute');
    expect((await finished('now', 'Complete')).status?.succeeded).toBe(1);
    await kubectl('delete', 'namespace', 'batch', '--wait=false');
  }, 120_000);

  it('daemonset.yaml: one node-agent pod per node; set image rolls every node over, rollout status waits for it', async () => {
    await apply('daemonset.yaml');
    const onNodes = await waitFor(
      async () => {
        const ready = (await pods('agents', 'app=node-agent')).filter(isReady);
        return ready.length === NODES.length && ready;
      },
      30_000,
      'a Ready node-agent pod on each node',
    );
    expect(onNodes.map((p) => p.spec.nodeName).sort()).toEqual(NODES);
    await kubectl('set', 'image', 'ds/node-agent', 'agent=orchestra/web:2', '-n', 'agents');
    expect(await kubectl('rollout', 'status', 'ds/node-agent', '-n', 'agents', '--timeout=60s')).toContain(
      'daemon set "node-agent" successfully rolled out',
    );
    const rolled = (await pods('agents', 'app=node-agent')).filter(isReady);
    expect(rolled.map((p) => [p.spec.nodeName, p.spec.containers[0].image]).sort()).toEqual(
      NODES.map((n) => [n, 'orchestra/web:2']),
    );
    await kubectl('delete', 'namespace', 'agents', '--wait=false');
  }, 90_000);

  it('crash-loop.yaml applies (its restarts are checked below, once they have had time to grow)', async () => {
    await apply('crash-loop.yaml');
  });

  it('anti-affinity.yaml: one pod per node, the 4th Pending with FailedScheduling', async () => {
    await apply('anti-affinity.yaml');
    const { running, pending } = await waitFor(
      async () => {
        const all = await pods('anti-affinity', 'app=one-per-node');
        const running = all.filter(isReady);
        const pending = all.filter(isPending);
        return running.length === 3 && pending.length === 1 && { running, pending };
      },
      30_000,
      '3 Running, 1 Pending',
    );
    expect(countBy(running, (p) => p.spec.nodeName ?? '')).toEqual({ 'node-1': 1, 'node-2': 1, 'node-3': 1 });
    const [stuck] = pending;
    expect(stuck.spec.nodeName).toBeUndefined();
    const scheduled = stuck.status?.conditions?.find((c) => c.type === 'PodScheduled');
    expect(scheduled).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    // Kubernetes' words, double period and all (no pod has a lower priority: no preemption victims).
    const expected =
      "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. " +
      'preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..';
    expect(scheduled?.message).toBe(expected);
    const messages = await waitFor(
      async () => {
        const found = await failedScheduling('anti-affinity');
        return found.length > 0 && found;
      },
      10_000,
      'a FailedScheduling event',
    );
    expect(messages.every((m) => m === expected)).toBe(true);
    process.stdout.write(`anti-affinity: FailedScheduling "${messages[0]}"\n`);
    await kubectl('delete', '-f', example('anti-affinity.yaml'), '--wait=false');
  }, 60_000);

  it('topology-spread.yaml: 6 replicas, 2 in each zone', async () => {
    await apply('topology-spread.yaml');
    const running = await waitFor(
      async () => {
        const all = await pods('topology-spread', 'app=spread');
        return all.length === 6 && all.every(isReady) && all;
      },
      30_000,
      '6 Ready pods',
    );
    const nodes = (await get<List<Node>>('/api/v1/nodes'))!.items;
    const zoneOf = new Map(
      nodes.map((n) => [n.metadata.name ?? '', n.metadata.labels?.['topology.kubernetes.io/zone'] ?? '']),
    );
    expect(countBy(running, (p) => zoneOf.get(p.spec.nodeName ?? '') ?? '')).toEqual({
      'zone-a': 2,
      'zone-b': 2,
      'zone-c': 2,
    });
    await kubectl('delete', '-f', example('topology-spread.yaml'), '--wait=false');
  }, 60_000);

  it('resource-pressure.yaml: 2 pods per node run, 2 stay Pending for Insufficient cpu', async () => {
    await apply('resource-pressure.yaml');
    const { running, pending } = await waitFor(
      async () => {
        const all = await pods('resource-pressure', 'app=hungry');
        const running = all.filter(isReady);
        const pending = all.filter(isPending);
        return running.length === 6 && pending.length === 2 && { running, pending };
      },
      30_000,
      '6 Running, 2 Pending',
    );
    expect(countBy(running, (p) => p.spec.nodeName ?? '')).toEqual({ 'node-1': 2, 'node-2': 2, 'node-3': 2 });
    const expected =
      '0/3 nodes are available: 3 Insufficient cpu. ' +
      'preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..';
    for (const pod of pending) {
      const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
      expect(scheduled).toMatchObject({ status: 'False', reason: 'Unschedulable' });
      expect(scheduled?.message).toBe(expected);
    }
    const messages = await waitFor(
      async () => {
        const found = await failedScheduling('resource-pressure');
        return found.length > 0 && found;
      },
      10_000,
      'a FailedScheduling event',
    );
    expect(messages.every((m) => m === expected)).toBe(true);
    process.stdout.write(`resource-pressure: FailedScheduling "${messages[0]}"\n`);
    await kubectl('delete', '-f', example('resource-pressure.yaml'), '--wait=false');
  }, 60_000);

  it('crash-loop.yaml: CrashLoopBackOff, a growing restartCount, BackOff events', async () => {
    const restarts = (pod: Pod) => pod.status?.containerStatuses?.[0]?.restartCount ?? 0;
    const first = await waitFor(
      async () => {
        const [pod] = await pods('crash-loop', 'app=crasher');
        const waiting = pod?.status?.containerStatuses?.[0]?.state?.waiting;
        return waiting?.reason === 'CrashLoopBackOff' && restarts(pod) >= 1 && pod;
      },
      40_000,
      'CrashLoopBackOff',
    );
    // Back-off 10 s, then 20 s (each after a 3 s run): the next restart comes within ~25 s.
    const later = await waitFor(
      async () => {
        const [pod] = await pods('crash-loop', 'app=crasher');
        return pod && restarts(pod) > restarts(first) && pod;
      },
      40_000,
      'one more restart',
    );
    expect(later.metadata.uid).toBe(first.metadata.uid); // the same pod, restarted in place
    const last = later.status?.containerStatuses?.[0]?.lastState?.terminated;
    expect(last).toMatchObject({ exitCode: 1, reason: 'Error' });
    const backOff = (await events('crash-loop')).filter((e) => e.reason === 'BackOff');
    expect(backOff.length).toBeGreaterThan(0);
    expect(backOff[0]).toMatchObject({ type: 'Warning', involvedObject: { kind: 'Pod' } });
    expect(backOff[0].message).toMatch(/^Back-off restarting failed container app in pod crasher-/);
    await kubectl('delete', '-f', example('crash-loop.yaml'), '--wait=false');
  }, 90_000);

  it('rolling-update.yaml: set image rolls to a new ReplicaSet, the Service never without ready endpoints; history, undo', async () => {
    await apply('rolling-update.yaml');
    await kubectl('rollout', 'status', 'deployment/web', '-n', 'rolling-update', '--timeout=60s');
    const replicaSets = async () =>
      (await get<List<ReplicaSet>>('/apis/apps/v1/namespaces/rolling-update/replicasets'))!.items;
    const [original] = await replicaSets();
    await waitFor(
      async () =>
        readyAddresses(await get<Endpoints>('/api/v1/namespaces/rolling-update/endpoints/web')) === 3,
      10_000,
      'Service web: 3 ready endpoints',
    );

    // Watch the Service's ready endpoints every 200 ms while the rollout runs.
    const seen: number[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        seen.push(readyAddresses(await get<Endpoints>('/api/v1/namespaces/rolling-update/endpoints/web')));
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    try {
      await kubectl('set', 'image', 'deployment/web', '-n', 'rolling-update', 'web=orchestra/web:2.0');
      await kubectl('rollout', 'status', 'deployment/web', '-n', 'rolling-update', '--timeout=90s');
    } finally {
      watching = false;
      await watcher;
    }
    const after = await replicaSets();
    const current = after.find((rs) => rs.metadata.name !== original.metadata.name);
    expect(current?.spec.template?.spec?.containers[0].image).toBe('orchestra/web:2.0');
    expect(current?.status).toMatchObject({ replicas: 3, readyReplicas: 3 });
    expect(after.find((rs) => rs.metadata.name === original.metadata.name)?.spec.replicas).toBe(0);
    process.stdout.write(
      `rolling-update: ready endpoints during the rollout ${Math.min(...seen)}–${Math.max(...seen)} over ${seen.length} polls\n`,
    );
    expect(seen.length).toBeGreaterThanOrEqual(3);
    // maxUnavailable 0: an old pod goes only once a new one is Ready, so never fewer than 3.
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(3);

    const history = await kubectl('rollout', 'history', 'deployment/web', '-n', 'rolling-update');
    expect(history).toMatch(/^1\s/m);
    expect(history).toMatch(/^2\s/m);
    await kubectl('rollout', 'undo', 'deployment/web', '-n', 'rolling-update');
    await kubectl('rollout', 'status', 'deployment/web', '-n', 'rolling-update', '--timeout=90s');
    const undone = await replicaSets();
    // Undo rolls back to the first template: its ReplicaSet (same pod-template-hash) takes over again.
    expect(undone.find((rs) => rs.metadata.name === original.metadata.name)?.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
    });
    expect(undone.find((rs) => rs.metadata.name === current?.metadata.name)?.spec.replicas).toBe(0);
    await kubectl('delete', '-f', example('rolling-update.yaml'), '--wait=false');
  }, 120_000);

  describe('chaos/ (on the web app in namespace demo)', () => {
    beforeAll(async () => {
      // Nothing but the web app left on the nodes: node-down's steady state is every Deployment
      // with a pod on the lost node, and those examples have Deployments that are never whole.
      await waitFor(
        async () => {
          const names = ((await get<List<Namespace>>('/api/v1/namespaces'))?.items ?? []).map(
            (ns) => ns.metadata.name,
          );
          return !names.some((n) =>
            [
              'crash-loop',
              'anti-affinity',
              'topology-spread',
              'resource-pressure',
              'rolling-update',
            ].includes(n ?? ''),
          );
        },
        60_000,
        'the other examples’ namespaces gone',
      );
    }, 70_000);

    it('pod-kill.yaml: one web pod killed, the run Recovered with verdict Passed', async () => {
      const before = (await pods('demo', 'app=web')).map((p) => p.metadata.uid);
      await kubectl('apply', '-f', example('chaos/pod-kill.yaml'));
      const chaos = await recovered('kill-one-web-pod', 30_000);
      expect(chaos.status).toMatchObject({ verdict: 'Passed', runs: 1 });
      const affected = chaos.status?.affected ?? [];
      expect(affected).toHaveLength(1);
      expect(affected[0]).toMatchObject({ kind: 'Pod', namespace: 'demo' });
      expect(before).toContain(affected[0].uid);
      // Scheduled every 30 s: the next run is announced.
      expect(Date.parse(chaos.status?.nextRunAt ?? '')).toBeGreaterThan(Date.now());
      const web = (await pods('demo', 'app=web')).filter(isReady);
      expect(web).toHaveLength(3);
      expect(web.map((p) => p.metadata.uid)).not.toContain(affected[0].uid);
      await kubectl('delete', '-f', example('chaos/pod-kill.yaml'));
    }, 60_000);

    it('pod-kill-workload.yaml: one pod of Deployment web killed, picked by its owner; Recovered, Passed', async () => {
      await waitFor(
        async () => (await pods('demo', 'app=web')).filter(isReady).length === 3,
        30_000,
        '3 web pods Ready',
      );
      const replicaSets =
        (await get<List<ReplicaSet>>('/apis/apps/v1/namespaces/demo/replicasets'))?.items ?? [];
      const before = (await pods('demo', 'app=web')).map((p) => p.metadata.uid);
      await kubectl('apply', '-f', example('chaos/pod-kill-workload.yaml'));
      const chaos = await recovered('kill-a-pod-of-deployment-web', 30_000);
      expect(chaos.status).toMatchObject({ verdict: 'Passed', runs: 1 });
      const [affected] = chaos.status?.affected ?? [];
      expect(before).toContain(affected.uid);
      // The pod's ReplicaSet is the Deployment's.
      const owner = replicaSets.find((rs) =>
        rs.metadata.ownerReferences?.some((ref) => ref.kind === 'Deployment' && ref.name === 'web'),
      );
      expect(affected.name.startsWith(`${owner?.metadata.name}-`)).toBe(true);
      expect((await pods('demo', 'app=web')).filter(isReady)).toHaveLength(3);
      await kubectl('delete', '-f', example('chaos/pod-kill-workload.yaml'));
    }, 60_000);

    it('component-kill.yaml and http-fault.yaml: the scheduler restarted, 503s for 20 s; both Recovered, Passed', async () => {
      await kubectl('apply', '-f', example('chaos/component-kill.yaml'));
      await kubectl('apply', '-f', example('chaos/http-fault.yaml'));
      // While the fault is in, about 1 request in 5 through the proxy is a 503.
      await waitFor(
        async () => {
          const res = await fetch(`${services}/demo/web/`, { signal: AbortSignal.timeout(5_000) });
          await res.text();
          return res.status === 503;
        },
        15_000,
        'a 503 from the http-fault',
      );
      const killed = await recovered('kill-scheduler', 30_000);
      expect(killed.status).toMatchObject({ verdict: 'Passed' });
      expect(killed.status?.affected).toEqual([
        expect.objectContaining({ kind: 'ComponentStatus', name: 'scheduler' }),
      ]);
      const fault = await recovered('web-http-fault', 40_000);
      expect(fault.status).toMatchObject({ verdict: 'Passed' });
      const res = await fetch(`${services}/demo/web/`, { signal: AbortSignal.timeout(5_000) });
      expect(res.status).toBe(200);
    }, 90_000);

    it('node-down.yaml: a node down for 20 s, its web pods replaced, the node back; Recovered, Passed', async () => {
      const before = await pods('demo', 'app=web');
      await kubectl('apply', '-f', example('chaos/node-down.yaml'));
      const chaos = await recovered('node-down', 90_000);
      expect(chaos.status).toMatchObject({ verdict: 'Passed' });
      const [node] = chaos.status?.affected ?? [];
      expect(node).toMatchObject({ kind: 'Node' });
      expect(NODES).toContain(node.name);
      // The web pods that were on the lost node were evicted and replaced on the others.
      const lost = before.filter((p) => p.spec.nodeName === node.name).map((p) => p.metadata.uid);
      const web = (await pods('demo', 'app=web')).filter(isReady);
      expect(web).toHaveLength(3);
      expect(web.map((p) => p.metadata.uid).filter((uid) => lost.includes(uid))).toEqual([]);
      process.stdout.write(`node-down: ${node.name} went down with ${lost.length} of the 3 web pods\n`);
      // Back and Ready (the run may end, its pods replaced, a moment before the kubelet's first
      // status after power-on); the node lifecycle controller then takes its unreachable taint off.
      await waitFor(
        async () =>
          (await get<Node>(`/api/v1/nodes/${node.name}`))?.status?.conditions?.find((c) => c.type === 'Ready')
            ?.status === 'True',
        10_000,
        `${node.name} Ready again`,
      );
      await waitFor(
        async () => ((await get<Node>(`/api/v1/nodes/${node.name}`))?.spec?.taints ?? []).length === 0,
        10_000,
        `${node.name} untainted`,
      );
    }, 100_000);
  });
});
