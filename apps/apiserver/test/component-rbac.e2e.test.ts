/**
 * The components under their least-privilege roles, as real processes: the scheduler, the
 * controller-manager (leader election on), a kubelet of two nodes, the proxy, kube-state-metrics
 * and cluster-dns (kube-system's coredns ServiceAccount) each authenticate as themselves; a Deployment with a Service comes up, a pod
 * is replaced, a chaos-engineer's pod-kill runs to its verdict, a namespace is emptied and removed;
 * and the audit log holds no authorization 403 answered to any component.
 */
import { readFileSync } from 'node:fs';
import { findFreePort } from '../../../tools/redis/free-port';
import { ClusterProcesses } from '../../../tools/testing/cluster-processes';
import { buildDist, ComponentProcess } from '../../../tools/testing/component-process';
import { createTestRedis, TestRedis } from '../../../tools/testing/test-redis';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'orchestra/web', ports: [{ containerPort: 8080 }] }] },
    },
  },
};
const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
};

describe('components under RBAC', () => {
  let redis: TestRedis;
  let cluster: ClusterProcesses;
  let apiserver: ComponentProcess;
  const json = async (path: string, init: RequestInit = {}) => {
    const res = await cluster.fetch(path, {
      ...init,
      headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
  };

  beforeAll(async () => {
    await buildDist();
    redis = createTestRedis('component-rbac');
    cluster = new ClusterProcesses(redis, { tailChars: 2_000 });
    apiserver = await cluster.start('apiserver', 'APISERVER_PORT');
    await Promise.all([
      cluster.start('scheduler', 'SCHEDULER_PORT'),
      cluster.start('controller-manager', 'CONTROLLER_MANAGER_PORT', { PROFILE: 'playground' }),
      cluster.start('kubelet', 'KUBELET_PORT', {
        NODES: '2',
        NODE_NAME_PREFIX: 'rbac-node',
        PROFILE: 'playground',
        TIME_SCALE: '20',
        KUBELET_ADVERTISE_ADDRESS: '127.0.0.1',
      }),
      findFreePort().then((traffic) =>
        cluster.start('proxy', 'PROXY_PORT', {
          PROXY_TRAFFIC_PORT: String(traffic),
          PROXY_NODE_PORTS: 'false',
        }),
      ),
      cluster.start('kube-state-metrics', 'KUBE_STATE_METRICS_PORT'),
      findFreePort().then((dns) =>
        cluster.start('cluster-dns', 'CLUSTER_DNS_METRICS_PORT', { CLUSTER_DNS_PORT: String(dns) }),
      ),
    ]);
  }, 180_000);

  afterAll(async () => {
    await cluster?.stop();
    await redis?.cleanup();
  }, 30_000);

  it('run a Deployment behind a Service, a pod-kill and a namespace deletion without a 403 for a component', async () => {
    expect(
      (
        await json('/api/v1/namespaces', {
          method: 'POST',
          body: JSON.stringify({ metadata: { name: 'shop' } }),
        })
      ).status,
    ).toBe(201);
    const created = await json('/apis/apps/v1/namespaces/shop/deployments', {
      method: 'POST',
      body: JSON.stringify(deployment),
    });
    expect(created.status).toBe(201);
    expect(
      (await json('/api/v1/namespaces/shop/services', { method: 'POST', body: JSON.stringify(service) }))
        .status,
    ).toBe(201);

    const endpointsReady = async () => {
      const ep = await json('/api/v1/namespaces/shop/endpoints/web');
      return (ep.body?.subsets?.[0]?.addresses?.length ?? 0) === 2;
    };
    await cluster.waitFor(
      async () =>
        (await json('/apis/apps/v1/namespaces/shop/deployments/web')).body?.status?.availableReplicas === 2,
      30_000,
      'the Deployment available with 2 replicas',
    );
    await cluster.waitFor(endpointsReady, 15_000, 'the Service with 2 ready endpoints');

    const pods = (await json('/api/v1/namespaces/shop/pods')).body.items;
    const victim = pods[0].metadata.name;
    expect([200, 202]).toContain(
      (await json(`/api/v1/namespaces/shop/pods/${victim}`, { method: 'DELETE' })).status,
    );
    await cluster.waitFor(
      async () => {
        const now = (await json('/api/v1/namespaces/shop/pods')).body.items;
        return (
          now.length === 2 && !now.some((p: any) => p.metadata.name === victim) && (await endpointsReady())
        );
      },
      30_000,
      'a replacement pod in the endpoints',
    );
    const ksm = await fetch(`${cluster.processes.find((p) => p.name === 'kube-state-metrics')!.url}/metrics`);
    expect(await ksm.text()).toContain(
      'kube_deployment_status_replicas_available{namespace="shop",deployment="web"',
    );

    // Chaos by a user bound to orchestra:chaos-engineer in shop (refused before the binding): the
    // chaos controller runs it and writes its verdict.
    const engineer = { authorization: `Bearer ${cluster.credentials.addUser('carol')}` };
    const kill = () =>
      cluster.fetch(
        '/chaos/v1/pod-kill?namespace=shop&labelSelector=app%3Dweb&mode=one&gracePeriodSeconds=0',
        {
          method: 'POST',
          headers: engineer,
        },
      );
    expect((await kill()).status).toBe(403);
    const binding = await json('/apis/rbac.authorization.k8s.io/v1/namespaces/shop/rolebindings', {
      method: 'POST',
      body: JSON.stringify({
        metadata: { name: 'carol-chaos' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'orchestra:chaos-engineer',
        },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'carol' }],
      }),
    });
    expect(binding.status).toBe(201);
    const run = await cluster.waitFor(
      async () => {
        const res = await kill();
        return res.status === 201 ? ((await res.json()) as any) : undefined;
      },
      5_000,
      'the chaos endpoint to accept carol',
    );
    await cluster.waitFor(
      async () => {
        const status = (
          await json(
            `/apis/chaos.orchestra.dev/v1alpha1/namespaces/shop/chaosexperiments/${run.metadata.name}`,
          )
        ).body?.status;
        return status?.phase === 'Recovered' && status.verdict === 'Passed';
      },
      30_000,
      'the pod-kill run Recovered and Passed',
    );

    expect((await json('/api/v1/namespaces/shop', { method: 'DELETE' })).status).toBe(202);
    await cluster.waitFor(
      async () => (await json('/api/v1/namespaces/shop')).status === 404,
      30_000,
      'the namespace emptied and removed',
    );

    const events = readFileSync(cluster.credentials.auditLogFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    for (const user of [
      'system:kube-controller-manager',
      'system:kube-scheduler',
      'system:node:rbac-node-1',
      'system:serviceaccount:kube-system:coredns',
    ])
      expect([user, events.some((e) => e.user?.username === user)]).toEqual([user, true]);
    const denied = events
      // Authorization's 403s (a terminating namespace's refusals are admission's, and expected).
      .filter(
        (e) => e.responseStatus?.code === 403 && /is forbidden: User /.test(e.responseStatus.message ?? ''),
      )
      .map((e) => `${e.user?.username} ${e.verb} ${e.requestURI}`)
      .filter((line) => line.startsWith('system:'));
    expect(denied).toEqual([]);
    expect(apiserver.output()).not.toContain('could not be reconciled');
  }, 120_000);
});
