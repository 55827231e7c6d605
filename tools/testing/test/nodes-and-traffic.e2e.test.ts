/**
 * Nodes and traffic, end to end with real OS processes (built from dist/): the apiserver, the
 * scheduler, the controller-manager, one kubelet running three simulated nodes and the proxy.
 * Everything a user would do goes through the real kubectl; Service traffic goes through the
 * proxy's traffic port to the kubelet's pods. TIME_SCALE makes simulated time (pulls, probe
 * periods, back-offs, grace periods) run 20 times faster than the wall clock.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinResources, Endpoints, Lease, Pod, ResourceDefinition } from '@orchestra/api';
import { ApiClient } from '@orchestra/client';
import { installedKubectlClients } from '../../../apps/apiserver/test/kubectl-clients';
import { findFreePort } from '../../redis/free-port';
import { ClusterProcesses } from '../cluster-processes';
import { buildDist, ComponentProcess } from '../component-process';
import { KubectlSession } from '../kubectl-session';
import { tlsKubectlSession } from '../tls-kubectl-session';
import { createTestRedis, TestRedis } from '../test-redis';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
const TIME_SCALE = 20;
const NODE_PREFIX = 'traffic-node';
/** The playground profile's Lease renew interval (not scaled by TIME_SCALE). */
const LEASE_RENEW_MS = 2_000;

const webManifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: orchestra/web
          ports:
            - containerPort: 8080
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
            periodSeconds: 2
          resources:
            requests:
              cpu: 50m
              memory: 32Mi
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: default
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
`;

const podManifest = (name: string, image: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: default
spec:
  containers:
    - name: main
      image: ${image}
${extra}`;

describe('nodes and traffic (real processes, real kubectl)', () => {
  const kubectlPath = installedKubectlClients()[0]?.path;
  let redis: TestRedis;
  let cluster: ClusterProcesses;
  let apiserver: ComponentProcess;
  let kubelet: ComponentProcess;
  let client: ApiClient;
  let session: KubectlSession;
  let trafficUrl: string;

  // Go through `cluster`: beforeAll creates it, once the Redis is there.
  const start: ClusterProcesses['start'] = (...args) => cluster.start(...args);
  const waitFor: ClusterProcesses['waitFor'] = (check, timeoutMs, what) =>
    cluster.waitFor(check, timeoutMs, what);
  const kubectl = (...args: string[]) => session.kubectl(...args);
  const apply = (file: string, manifest: string) => {
    writeFileSync(join(session.dir, file), manifest);
    return kubectl('apply', '-f', join(session.dir, file));
  };
  const webPods = async () =>
    (await client.resource<Pod>(def('Pod')).list({ namespace: 'default', labelSelector: 'app=web' })).items;
  const isReady = (p: Pod) =>
    !p.metadata.deletionTimestamp &&
    p.status?.phase === 'Running' &&
    !!p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
  const endpointIPs = async () => {
    const ep = await client.resource<Endpoints>(def('Endpoints')).get('web', 'default');
    return (ep.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip));
  };
  /** One request through the proxy: the answering pod's name, or an error description. */
  const request = async (): Promise<{ pod?: string; error?: string }> => {
    try {
      const res = await fetch(`${trafficUrl}/default/web/`, { signal: AbortSignal.timeout(3_000) });
      const body = await res.text();
      if (!res.ok) return { error: `${res.status} ${body.trim()}` };
      const pod = /^Hello from (\S+)/.exec(body)?.[1];
      return pod ? { pod } : { error: `unexpected body: ${body.trim()}` };
    } catch (error) {
      return { error: String(error) };
    }
  };

  beforeAll(async () => {
    if (!kubectlPath) throw new Error('no kubectl on this machine');
    await buildDist();
    redis = createTestRedis('traffic');
    cluster = new ClusterProcesses(redis, { tailChars: 2_000 });
    apiserver = await start('apiserver', 'APISERVER_PORT');
    const trafficPort = await findFreePort();
    trafficUrl = `http://127.0.0.1:${trafficPort}`;
    await Promise.all([
      start('scheduler', 'SCHEDULER_PORT', { LEADER_ELECT: 'false' }),
      start('controller-manager', 'CONTROLLER_MANAGER_PORT', { LEADER_ELECT: 'false' }),
      start('kubelet', 'KUBELET_PORT', {
        NODES: '3',
        NODE_NAME_PREFIX: NODE_PREFIX,
        PROFILE: 'playground',
        TIME_SCALE: String(TIME_SCALE),
        KUBELET_ADVERTISE_ADDRESS: '127.0.0.1',
      }).then((k) => (kubelet = k)),
      start('proxy', 'PROXY_PORT', {
        PROXY_TRAFFIC_PORT: String(trafficPort),
        PROXY_NODE_PORTS: 'false',
      }),
    ]);
    client = new ApiClient({
      baseUrl: apiserver.url,
      userAgent: 'nodes-and-traffic-e2e',
      token: cluster.credentials.adminToken,
    });
    // kubectl sends its token only over HTTPS: a TLS front of the apiserver, as the admin.
    session = await tlsKubectlSession(kubectlPath, apiserver.url);
    await waitFor(
      async () => /(\bReady\b[\s\S]*){3}/.test(await kubectl('get', 'nodes', '--no-headers')),
      15_000,
      'three Ready nodes',
    );
  }, 120_000);

  afterAll(async () => {
    // The writers first, then the apiserver, then the keys once nobody writes.
    await cluster?.stop();
    await redis?.cleanup();
    await session?.close();
  }, 30_000);

  it('a Deployment of orchestra/web and its Service: 3 pods Running and Ready within 5 s', async () => {
    const appliedAt = Date.now();
    const out = await apply('web.yaml', webManifest);
    expect(out).toContain('deployment.apps/web created');
    expect(out).toContain('service/web created');
    await waitFor(
      async () => {
        const pods = await webPods();
        return pods.length === 3 && pods.every(isReady);
      },
      10_000,
      '3 web pods Running and Ready',
    );
    const readyMs = Date.now() - appliedAt;
    await waitFor(async () => (await endpointIPs()).length === 3, 5_000, '3 endpoints');
    process.stdout.write(`3 orchestra/web pods Running and Ready ${readyMs} ms after kubectl apply\n`);
    expect(readyMs).toBeLessThan(5_000);
    // Spread over the nodes (the scheduler's spreading), each with an IP from its node's podCIDR.
    const table = await kubectl('get', 'pods', '-l', 'app=web', '-o', 'wide', '--no-headers');
    expect(table.match(/\b1\/1\s+Running\b/g)).toHaveLength(3);
  });

  it('300 requests through the proxy reach all 3 pods', async () => {
    const pods = new Set((await webPods()).map((p) => p.metadata.name!));
    const answers = new Map<string, number>();
    const errors: string[] = [];
    for (let batch = 0; batch < 30; batch++) {
      const results = await Promise.all(Array.from({ length: 10 }, request));
      for (const r of results) {
        if (r.pod) answers.set(r.pod, (answers.get(r.pod) ?? 0) + 1);
        else errors.push(r.error!);
      }
    }
    process.stdout.write(`300 requests: ${JSON.stringify(Object.fromEntries(answers))}\n`);
    expect(errors).toEqual([]);
    expect(new Set(answers.keys())).toEqual(pods);
    for (const count of answers.values()) expect(count).toBeGreaterThan(30);
  });

  it('delete a pod: a replacement joins the Endpoints while requests keep succeeding', async () => {
    const pods = await webPods();
    const before = pods.map((p) => p.metadata.name!);
    let sending = true;
    let sent = 0;
    const failures: string[] = [];
    const answeredBy = new Set<string>();
    const load = (async () => {
      while (sending) {
        const r = await request();
        sent++;
        if (r.pod) answeredBy.add(r.pod);
        else failures.push(r.error!);
        await new Promise((done) => setTimeout(done, 10));
      }
    })();
    try {
      await new Promise((done) => setTimeout(done, 300));
      const deletedAt = Date.now();
      expect(await kubectl('delete', 'pod', before[0], '--wait=false')).toContain('deleted');
      const replacement = await waitFor(
        async () => {
          const pods = (await webPods()).filter(isReady);
          const fresh = pods.find((p) => !before.includes(p.metadata.name!));
          if (!fresh || pods.length !== 3) return false;
          return (await endpointIPs()).includes(fresh.status!.podIP!) && fresh;
        },
        15_000,
        'a Ready replacement in the Endpoints',
      );
      const replacedMs = Date.now() - deletedAt;
      // Until the replacement has answered too, so the window covers the whole hand-over.
      await waitFor(
        async () => answeredBy.has(replacement.metadata.name!),
        5_000,
        'the replacement to answer',
      );
      await waitFor(
        async () => !(await webPods()).some((p) => p.metadata.name === before[0]),
        10_000,
        'the deleted pod to be gone',
      );
      sending = false;
      await load;
      process.stdout.write(
        `pod replacement: Ready and in the Endpoints ${replacedMs} ms after the delete; ` +
          `${sent} requests meanwhile, ${failures.length} failed ${JSON.stringify(failures.slice(0, 5))}\n`,
      );
      expect(await endpointIPs()).toHaveLength(3);
      // Two Ready pods stay in the Endpoints throughout. A request the proxy sends to the deleted
      // pod before it sees the Endpoints change is refused by the kubelet (marked as a refused
      // connection), and the proxy retries such a GET on another endpoint: none may fail.
      expect(failures).toEqual([]);
      expect(sent).toBeGreaterThan(20);
    } finally {
      sending = false;
      await load;
    }
  }, 40_000);

  it('kubectl logs of a web pod shows its access lines; describe shows the kubelet events', async () => {
    const name = (await webPods()).find(isReady)!.metadata.name!;
    const logs = await kubectl('logs', name);
    expect(logs).toMatch(/"GET \/ HTTP\/1\.1" 200 /);
    expect(logs).toMatch(/"GET \/healthz HTTP\/1\.1" 200 /);
    const described = await kubectl('describe', 'pod', name);
    expect(described).toMatch(/Events:/);
    for (const reason of ['Scheduled', 'Pulled', 'Created', 'Started'])
      expect(described).toMatch(new RegExp(`Normal\\s+${reason}\\s`));
    expect(described).toMatch(/Normal\s+Started\s+\S+\s+kubelet\s/);
  });

  it('orchestra/crashloop, orchestra/memory-hog and an unknown image fail as on Kubernetes', async () => {
    await apply('crash.yaml', podManifest('crash', 'orchestra/crashloop'));
    await apply(
      'hog.yaml',
      podManifest(
        'hog',
        'orchestra/memory-hog',
        '      resources:\n        limits:\n          memory: 64Mi\n',
      ),
    );
    await apply('unknown.yaml', podManifest('unknown', 'orchestra/no-such-image:1.0'));
    const row = async (name: string) => (await kubectl('get', 'pod', name, '--no-headers')).trim();

    const crash = await waitFor(
      async () => {
        const line = await row('crash');
        const restarts = Number(/^\S+\s+\S+\s+\S+\s+(\d+)/.exec(line)?.[1] ?? 0);
        return /\sCrashLoopBackOff\s/.test(line) && restarts >= 2 && line;
      },
      20_000,
      'crash in CrashLoopBackOff with 2 restarts',
    );
    const reason = (name: string, state: 'state' | 'lastState') =>
      kubectl('get', 'pod', name, '-o', `jsonpath={.status.containerStatuses[0].${state}.terminated.reason}`);
    await waitFor(
      async () =>
        (await reason('hog', 'lastState')) === 'OOMKilled' || (await reason('hog', 'state')) === 'OOMKilled',
      15_000,
      'hog OOMKilled',
    );
    const unknown = await waitFor(
      async () => {
        const line = await row('unknown');
        return /\sImagePullBackOff\s/.test(line) && line;
      },
      15_000,
      'unknown in ImagePullBackOff',
    );
    process.stdout.write(`kubectl get pods:\n${crash}\n${await row('hog')}\n${unknown}\n`);
  }, 60_000);

  it('SIGKILL the kubelet: its nodes’ Leases stop renewing', async () => {
    const leases = client.resource<Lease>(def('Lease'));
    const renewTimes = async () =>
      Object.fromEntries(
        (await leases.list({ namespace: 'kube-node-lease' })).items
          .filter((l) => l.metadata.name!.startsWith(NODE_PREFIX))
          .map((l) => [l.metadata.name!, l.spec?.renewTime ?? '']),
      );
    // Alive: every node's Lease renews.
    const first = await renewTimes();
    expect(Object.keys(first).sort()).toEqual([1, 2, 3].map((i) => `${NODE_PREFIX}-${i}`));
    await waitFor(
      async () => {
        const now = await renewTimes();
        return Object.keys(first).every((n) => now[n] !== first[n]);
      },
      3 * LEASE_RENEW_MS,
      'every Lease to renew while the kubelet runs',
    );

    await kubelet.kill();
    // A renewal already sent when the process died may still land.
    await new Promise((done) => setTimeout(done, 500));
    const atKill = await renewTimes();
    await new Promise((done) => setTimeout(done, 3 * LEASE_RENEW_MS));
    expect(await renewTimes()).toEqual(atKill);
  }, 20_000);
});
