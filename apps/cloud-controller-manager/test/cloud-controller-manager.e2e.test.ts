/**
 * The simulated cloud end to end with real OS processes (built from dist/): the apiserver, the
 * scheduler, the controller-manager (playground node lifecycle), one kubelet with one small
 * static node in node-pool mode, the proxy, and the cloud-controller-manager.
 * - A LoadBalancer Service shows <pending>, then an address from the pool in `kubectl get svc`
 *   (the real kubectl), and that address answers HTTP through the proxy from the Service's pods.
 * - Pods Pending for lack of room make the cluster autoscaler launch an instance; the kubelet
 *   boots its node, the cloud-node controller initialises it, the pods run there; once they are
 *   gone and the cool-down has passed, the instance is terminated and its Node deleted.
 * - Terminating an instance through the cloud's API makes its Node disappear from the API.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  builtinResources,
  type Event,
  type Node,
  type Pod,
  type ResourceDefinition,
  type Service,
} from '@orchestra/api';
import { ApiClient } from '@orchestra/client';
import { installedKubectlClients } from '../../apiserver/test/kubectl-clients';
import { findFreePort } from '../../../tools/redis/free-port';
import { ClusterProcesses } from '../../../tools/testing/cluster-processes';
import { buildDist, ComponentProcess, metricSum } from '../../../tools/testing/component-process';
import type { KubectlSession } from '../../../tools/testing/kubectl-session';
import { tlsKubectlSession } from '../../../tools/testing/tls-kubectl-session';
import { createTestRedis, TestRedis } from '../../../tools/testing/test-redis';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
/** The cool-down of an empty pool node (Kubernetes: 10 minutes). */
const UNNEEDED_MS = 4_000;
/** A /24 of loopback addresses of this run's own, clear of the default 127.0.100.0/24. */
const LB_NET = `127.0.${101 + Math.floor(Math.random() * 150)}`;

const bigManifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: big
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels:
      app: big
  template:
    metadata:
      labels:
        app: big
    spec:
      containers:
        - name: main
          image: orchestra/web
          resources:
            requests:
              cpu: 800m
              memory: 256Mi
`;

const webManifest = (port: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: 1
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
  type: LoadBalancer
  selector:
    app: web
  ports:
    - port: ${port}
      targetPort: 8080
`;

describe('cloud-controller-manager (real processes, real kubectl)', () => {
  const kubectlPath = installedKubectlClients()[0]?.path;
  let redis: TestRedis;
  let cluster: ClusterProcesses;
  let apiserver: ComponentProcess;
  let ccm: ComponentProcess | undefined;
  let ccmPort: number;
  let client: ApiClient;
  let session: KubectlSession;
  let servicePort: number;

  const waitFor: ClusterProcesses['waitFor'] = (check, timeoutMs, what) =>
    cluster.waitFor(check, timeoutMs, what);
  const kubectl = (...args: string[]) => session.kubectl(...args);
  const apply = (file: string, manifest: string) => {
    writeFileSync(join(session.dir, file), manifest);
    return kubectl('apply', '-f', join(session.dir, file));
  };
  const nodes = () => client.resource<Node>(def('Node'));
  const pods = async (app: string) =>
    (await client.resource<Pod>(def('Pod')).list({ namespace: 'default', labelSelector: `app=${app}` }))
      .items;
  const events = async (reason: string) =>
    (await client.resource<Event>(def('Event')).list({ namespace: 'default' })).items.filter(
      (e) => e.reason === reason,
    );
  const poolNodes = async () =>
    (await nodes().list()).items.filter((n) => n.metadata.name!.startsWith('pool-node-'));
  const instances = async () =>
    (
      (await (await fetch(`${ccm!.url}/cloud/v1/instances`)).json()) as {
        items: { id: string; nodeName: string }[];
      }
    ).items;
  const ccmMetric = async (name: string, labels: Record<string, string> = {}) =>
    metricSum(await (await fetch(`${ccm!.url}/metrics`)).text(), name, labels);
  const isReady = (n: Node) => !!n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

  beforeAll(async () => {
    if (!kubectlPath) throw new Error('no kubectl on this machine');
    await buildDist();
    redis = createTestRedis('cloud');
    cluster = new ClusterProcesses(redis, { tailChars: 2_500 });
    apiserver = await cluster.start('apiserver', 'APISERVER_PORT');
    ccmPort = await findFreePort();
    servicePort = await findFreePort();
    await Promise.all([
      cluster.start('scheduler', 'SCHEDULER_PORT', { LEADER_ELECT: 'false' }),
      cluster.start('controller-manager', 'CONTROLLER_MANAGER_PORT', {
        LEADER_ELECT: 'false',
        PROFILE: 'playground',
      }),
      // One static node too small for the big pods; the pool's nodes come from the cloud.
      cluster.start('kubelet', 'KUBELET_PORT', {
        NODES: '1',
        NODE_NAME_PREFIX: 'static-node',
        NODE_CPU: '500m',
        PROFILE: 'playground',
        TIME_SCALE: '20',
        CLOUD_PROVIDER_URL: `http://127.0.0.1:${ccmPort}`,
        NODE_POOL_SIZE: '2',
        NODE_POOL_POLL_MS: '300',
      }),
      cluster.start('proxy', 'PROXY_PORT', {
        PROXY_TRAFFIC_PORT: String(await findFreePort()),
        PROXY_NODE_PORTS: 'false',
      }),
    ]);
    client = new ApiClient({
      baseUrl: apiserver.url,
      userAgent: 'ccm-e2e',
      token: cluster.credentials.adminToken,
    });
    session = await tlsKubectlSession(kubectlPath, apiserver.url);
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    await redis?.cleanup();
    await session?.close();
  }, 30_000);

  const startCloudControllerManager = async () => {
    ccm = await cluster.start('cloud-controller-manager', 'CLOUD_CONTROLLER_MANAGER_PORT', {
      CLOUD_CONTROLLER_MANAGER_PORT: String(ccmPort),
      LOAD_BALANCER_IP_RANGE: `${LB_NET}.0/24`,
      NODE_POOL_MAX_SIZE: '2',
      NODE_MONITOR_PERIOD_MS: '500',
      AUTOSCALER_SCAN_INTERVAL_MS: '500',
      AUTOSCALER_SCALE_DOWN_UNNEEDED_MS: String(UNNEEDED_MS),
      AUTOSCALER_SCALE_DOWN_DELAY_AFTER_ADD_MS: '0',
    });
  };

  it('a LoadBalancer Service: <pending>, then an address that answers HTTP from its pods through the proxy', async () => {
    expect(await apply('web.yaml', webManifest(servicePort))).toContain('service/web created');
    // No cloud yet: kubectl shows the address as pending.
    expect(await kubectl('get', 'svc', 'web', '--no-headers')).toMatch(
      /^web\s+LoadBalancer\s+\S+\s+<pending>\s/,
    );
    await startCloudControllerManager();
    const ip = `${LB_NET}.1`;
    const row = await waitFor(
      async () => {
        const out = await kubectl('get', 'svc', 'web', '--no-headers');
        return out.includes(ip) ? out : undefined;
      },
      15_000,
      'kubectl get svc showing the external address',
    );
    expect(row).toMatch(
      new RegExp(`^web\\s+LoadBalancer\\s+\\S+\\s+${ip.replace(/\./g, '\\.')}\\s+${servicePort}:\\d+/TCP`),
    );
    const service = await client.resource<Service>(def('Service')).get('web', 'default');
    expect(service.metadata.finalizers).toContain('service.kubernetes.io/load-balancer-cleanup');
    expect(service.status?.loadBalancer?.ingress).toEqual([{ ip, ipMode: 'VIP' }]);
    const podNames = new Set((await pods('web')).map((p) => p.metadata.name!));
    const body = await waitFor(
      async () => {
        try {
          const res = await fetch(`http://${ip}:${servicePort}/`, { signal: AbortSignal.timeout(2_000) });
          const text = await res.text();
          return res.ok ? text : undefined;
        } catch {
          return undefined;
        }
      },
      20_000,
      `HTTP 200 from http://${ip}:${servicePort}/`,
    );
    expect(podNames.has(/^Hello from (\S+)/.exec(body)?.[1] ?? '')).toBe(true);
    expect((await events('EnsuringLoadBalancer')).length).toBeGreaterThan(0);
    expect((await events('EnsuredLoadBalancer')).length).toBeGreaterThan(0);
  }, 60_000);

  it('pods Pending for lack of room get a new node from the cluster autoscaler, removed again after the cool-down', async () => {
    await apply('big.yaml', bigManifest);
    // The scheduler finds no room on the static node: both Unschedulable, then a pool node for them.
    const poolNode = await waitFor(
      async () => {
        const [node] = await poolNodes();
        return node && isReady(node) && !node.spec?.taints?.length ? node : undefined;
      },
      30_000,
      'a Ready, initialised pool node',
    );
    const [instance] = await instances();
    expect(poolNode.spec?.providerID).toBe(`orchestra://${instance.id}`);
    expect(poolNode.metadata.labels).toMatchObject({
      'topology.kubernetes.io/region': 'orchestra-local-1',
      'node.kubernetes.io/instance-type': 'orchestra-standard-2',
    });
    expect(poolNode.metadata.labels?.['topology.kubernetes.io/zone']).toMatch(/^zone-/);
    await waitFor(
      async () => {
        const big = await pods('big');
        return (
          big.length === 2 &&
          big.every((p) => p.spec.nodeName === poolNode.metadata.name && p.status?.phase === 'Running')
        );
      },
      30_000,
      'both big pods Running on the pool node',
    );
    expect((await events('TriggeredScaleUp')).length).toBeGreaterThan(0);
    expect(await ccmMetric('cluster_autoscaler_scaled_up_nodes_total')).toBe(1);
    expect(await instances()).toHaveLength(1); // both pods fit one node: one scale-up of one node

    const deletedAt = Date.now();
    await kubectl('delete', 'deployment', 'big');
    const podsGone = await waitFor(
      async () => (await pods('big')).length === 0 && Date.now(),
      45_000,
      'the big pods gone',
    );
    const cordoned = await waitFor(
      async () => (await poolNodes()).every((n) => n.spec?.unschedulable) && Date.now(),
      45_000,
      'the pool node cordoned',
    );
    await waitFor(async () => (await poolNodes()).length === 0, 45_000, 'the pool node deleted');
    const removedAfter = Date.now() - deletedAt;
    process.stdout.write(
      `empty pool node: pods gone after ${podsGone - deletedAt} ms, cordoned after ${cordoned - deletedAt} ms, Node deleted after ${removedAfter} ms\n`,
    );
    expect(removedAfter).toBeGreaterThanOrEqual(UNNEEDED_MS);
    expect(await instances()).toEqual([]);
    expect(await ccmMetric('cluster_autoscaler_scaled_down_nodes_total')).toBe(1);
    const scaleDown = (await client.resource<Event>(def('Event')).list({})).items.filter(
      (e) => e.reason === 'ScaleDown',
    );
    expect(scaleDown.map((e) => e.involvedObject.name)).toContain(poolNode.metadata.name);
    expect(scaleDown.map((e) => e.message)).toContain('marked the node as toBeDeleted/unschedulable');
  }, 120_000);

  it('terminating an instance makes its Node disappear from the API', async () => {
    await apply('big.yaml', bigManifest);
    const node = await waitFor(
      async () => {
        const [n] = await poolNodes();
        return n && isReady(n) && !n.spec?.taints?.length ? n : undefined;
      },
      30_000,
      'a Ready pool node',
    );
    const [instance] = await instances();
    expect(instance.nodeName).toBe(node.metadata.name);
    const res = await fetch(`${ccm!.url}/cloud/v1/instances/${instance.id}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    // Its pods keep it needed, so only the termination removes it: NotReady, then deleted.
    await waitFor(
      // By uid: the pods evicted from it may have the autoscaler launch a new node of the same name.
      async () => !(await nodes().list()).items.some((n) => n.metadata.uid === node.metadata.uid),
      30_000,
      'the terminated instance’s Node deleted',
    );
    const deleting = (await client.resource<Event>(def('Event')).list({})).items.filter(
      (e) => e.reason === 'DeletingNode',
    );
    expect(deleting.map((e) => e.involvedObject.name)).toContain(node.metadata.name);
    expect((await fetch(`${ccm!.url}/cloud/v1/instances/${instance.id}`, { method: 'DELETE' })).status).toBe(
      404,
    );
  }, 90_000);

  it("a chaos instance-terminate experiment terminates a pool node's instance, and its Node goes", async () => {
    // The big pods of the terminated node's deleted Node are force-deleted by the pod garbage
    // collector, their replacements are Pending for lack of room: the autoscaler adds a node again.
    const node = await waitFor(
      async () => {
        const [n] = await poolNodes();
        return n && isReady(n) && !n.spec?.taints?.length ? n : undefined;
      },
      45_000,
      'a Ready pool node again',
    );
    const res = await cluster.fetch(
      `/chaos/v1/instance-terminate?namespace=default&nodes=${node.metadata.name}`,
      {
        method: 'POST',
      },
    );
    expect(res.status).toBe(201);
    await waitFor(
      async () => !(await nodes().list()).items.some((n) => n.metadata.uid === node.metadata.uid),
      30_000,
      'the Node of the instance chaos terminated deleted',
    );
    const terminated = (await client.resource<Event>(def('Event')).list({})).items.filter(
      (e) => e.reason === 'InstanceTerminated',
    );
    expect(terminated.map((e) => e.involvedObject.name)).toContain(node.metadata.name);
  }, 90_000);
});
