/**
 * The cluster DNS end to end, with real OS processes (built from dist/) on a private Redis: the
 * apiserver, scheduler, controller-manager (Endpoints), one kubelet of two simulated nodes, the
 * proxy and cluster-dns. Names are resolved with real DNS queries from Node's own resolver
 * (c-ares) pointed at cluster-dns on loopback; a pod's outbound call resolves through it too.
 */
import { Resolver } from 'node:dns/promises';
import { Socket } from 'node:net';
import * as dnsPacket from 'dns-packet';
import {
  builtinResources,
  type Deployment,
  type Endpoints,
  type Pod,
  type ResourceDefinition,
  type Service,
} from '@orchestra/api';
import { ApiClient, type ApiObject } from '@orchestra/client';
import { findFreePort } from '../../../tools/redis/free-port';
import { ClusterProcesses } from '../../../tools/testing/cluster-processes';
import { buildDist, metricSum, type ComponentProcess } from '../../../tools/testing/component-process';
import { createTestRedis, type TestRedis } from '../../../tools/testing/test-redis';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
const NS = 'default';

describe('cluster DNS (real processes, real DNS queries)', () => {
  let redis: TestRedis;
  let cluster: ClusterProcesses;
  let clusterDns: ComponentProcess;
  let client: ApiClient;
  let dnsPort: number;
  let trafficUrl: string;
  let resolver: Resolver;

  const waitFor: ClusterProcesses['waitFor'] = (check, timeoutMs, what) =>
    cluster.waitFor(check, timeoutMs, what);
  const create = <T extends ApiObject>(kind: string, object: T) =>
    client.resource<T>(def(kind)).create(object);
  const get = <T extends ApiObject>(kind: string, name: string) =>
    client.resource<T>(def(kind)).get(name, NS);
  const scrape = async () => (await fetch(`${clusterDns.url}/metrics`)).text();
  /** The error code of a failed lookup (ENOTFOUND for NXDOMAIN, ENODATA, EREFUSED, …), or the answer. */
  const outcome = <T>(lookup: Promise<T>): Promise<{ answer?: T; code?: string }> =>
    lookup.then(
      (answer) => ({ answer }),
      (error: NodeJS.ErrnoException) => ({ code: error.code }),
    );

  const service = (name: string, spec: Service['spec']): Service => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS },
    spec,
  });
  /** A StatefulSet-style pod: spec.hostname and spec.subdomain naming its headless Service. */
  const memberPod = (name: string): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, labels: { app: 'db' } },
    spec: {
      hostname: name,
      subdomain: 'db',
      containers: [{ name: 'db', image: 'orchestra/web', ports: [{ name: 'pg', containerPort: 8080 }] }],
    },
  });
  const deployment = (name: string, env: { name: string; value: string }[] = []): Deployment => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, image: 'orchestra/web', ports: [{ containerPort: 8080 }], env }] },
      },
    },
  });
  const readyIPs = async (name: string) => {
    const endpoints = await get<Endpoints>('Endpoints', name).catch(() => undefined);
    return (endpoints?.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).sort();
  };

  beforeAll(async () => {
    await buildDist();
    redis = createTestRedis('cluster-dns');
    cluster = new ClusterProcesses(redis, { tailChars: 2_000 });
    const apiserver = await cluster.start('apiserver', 'APISERVER_PORT');
    dnsPort = await findFreePort();
    const trafficPort = await findFreePort();
    trafficUrl = `http://127.0.0.1:${trafficPort}`;
    await Promise.all([
      cluster.start('scheduler', 'SCHEDULER_PORT', { LEADER_ELECT: 'false' }),
      cluster.start('controller-manager', 'CONTROLLER_MANAGER_PORT', { LEADER_ELECT: 'false' }),
      cluster.start('kubelet', 'KUBELET_PORT', {
        NODES: '2',
        NODE_NAME_PREFIX: 'dns-node',
        PROFILE: 'playground',
        TIME_SCALE: '20',
        KUBELET_ADVERTISE_ADDRESS: '127.0.0.1',
        // As `npm start` runs it: pods resolve through cluster-dns and reach clusterIPs through the proxy.
        CLUSTER_DNS: `127.0.0.1:${dnsPort}`,
        SERVICE_PROXY_ADDRESS: `127.0.0.1:${trafficPort}`,
      }),
      cluster.start('proxy', 'PROXY_PORT', {
        PROXY_TRAFFIC_PORT: String(trafficPort),
        PROXY_NODE_PORTS: 'false',
      }),
      cluster
        .start('cluster-dns', 'CLUSTER_DNS_METRICS_PORT', { CLUSTER_DNS_PORT: String(dnsPort) })
        .then((p) => (clusterDns = p)),
    ]);
    client = new ApiClient({
      baseUrl: apiserver.url,
      userAgent: 'cluster-dns-e2e',
      token: cluster.credentials.adminToken,
    });
    resolver = new Resolver({ timeout: 2_000, tries: 1 });
    resolver.setServers([`127.0.0.1:${dnsPort}`]);

    await create(
      'Service',
      service('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] }),
    );
    await create(
      'Service',
      service('db', {
        clusterIP: 'None',
        selector: { app: 'db' },
        ports: [{ name: 'pg', port: 5432, targetPort: 'pg' }],
      }),
    );
    await create('Pod', memberPod('db-0'));
    await create('Pod', memberPod('db-1'));
    await waitFor(
      async () => (await readyIPs('db')).length === 2,
      20_000,
      'both db pods in the Endpoints of db',
    );
  }, 180_000);

  afterAll(async () => {
    await cluster?.stop();
    await redis?.cleanup();
  }, 30_000);

  it('is ready once its informers have synced, and runs as the coredns ServiceAccount', async () => {
    const readyz = await fetch(`${clusterDns.url}/readyz?verbose`);
    expect(readyz.status).toBe(200);
    const report = await readyz.text();
    expect(report).toContain('[+]informers-synced ok');
    expect(report).toContain('[+]dns-listening ok');
    // Its identity's reads were allowed: had RBAC refused a list, the caches would not have synced.
    expect(clusterDns.output()).not.toMatch(/forbidden/i);
  });

  it("resolves <svc>.<ns>.svc.cluster.local to the Service's clusterIP, with no AAAA record", async () => {
    const { spec } = await get<Service>('Service', 'web');
    expect(spec.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(await resolver.resolve4('web.default.svc.cluster.local')).toEqual([spec.clusterIP]);
    const withTtl = await resolver.resolve4('web.default.svc.cluster.local', { ttl: true });
    expect(withTtl[0].ttl).toBe(5);
    expect(await outcome(resolver.resolve6('web.default.svc.cluster.local'))).toEqual({ code: 'ENODATA' });
  });

  it("resolves a headless Service to its ready pods' IPs, and each StatefulSet-style pod by its hostname", async () => {
    const pods = { 'db-0': await get<Pod>('Pod', 'db-0'), 'db-1': await get<Pod>('Pod', 'db-1') };
    const ips = Object.values(pods).map((p) => p.status!.podIP!);
    expect((await resolver.resolve4('db.default.svc.cluster.local')).sort()).toEqual([...ips].sort());
    expect(await resolver.resolve4('db-0.db.default.svc.cluster.local')).toEqual([
      pods['db-0'].status!.podIP,
    ]);
    expect(await resolver.resolve4('db-1.db.default.svc.cluster.local')).toEqual([
      pods['db-1'].status!.podIP,
    ]);
  });

  it('answers SRV for named ports: the Service for a clusterIP Service, each pod for a headless one', async () => {
    expect(await resolver.resolveSrv('_http._tcp.web.default.svc.cluster.local')).toEqual([
      { name: 'web.default.svc.cluster.local', port: 80, priority: 0, weight: 100 },
    ]);
    const members = await resolver.resolveSrv('_pg._tcp.db.default.svc.cluster.local');
    expect(members.map((r) => [r.name, r.port]).sort()).toEqual([
      ['db-0.db.default.svc.cluster.local', 8080],
      ['db-1.db.default.svc.cluster.local', 8080],
    ]);
  });

  it('answers NXDOMAIN for unknown names in the cluster domain, REFUSED outside it', async () => {
    expect(await outcome(resolver.resolve4('nope.default.svc.cluster.local'))).toEqual({ code: 'ENOTFOUND' });
    expect(await outcome(resolver.resolve4('web.nowhere.svc.cluster.local'))).toEqual({ code: 'ENOTFOUND' });
    expect(await outcome(resolver.resolveSrv('_grpc._tcp.web.default.svc.cluster.local'))).toEqual({
      code: 'ENOTFOUND',
    });
    expect(await outcome(resolver.resolve4('example.com'))).toEqual({ code: 'EREFUSED' });
  });

  it('follows changes: a new Service resolves, a deleted one is NXDOMAIN', async () => {
    await create('Service', service('temp', { ports: [{ port: 81 }] }));
    const { spec } = await get<Service>('Service', 'temp');
    await waitFor(
      async () =>
        (await outcome(resolver.resolve4('temp.default.svc.cluster.local'))).answer?.[0] === spec.clusterIP,
      5_000,
      'the new Service temp to resolve',
    );
    await client.resource<Service>(def('Service')).delete('temp', NS);
    await waitFor(
      async () => (await outcome(resolver.resolve4('temp.default.svc.cluster.local'))).code === 'ENOTFOUND',
      5_000,
      'the deleted Service temp to be NXDOMAIN',
    );
  });

  it('answers over TCP too', async () => {
    const response = await tcpQuery(dnsPort, 'web.default.svc.cluster.local', 'A');
    const { spec } = await get<Service>('Service', 'web');
    expect(response.answers?.map((a) => (a as { data: string }).data)).toEqual([spec.clusterIP]);
  });

  it('counts queries by type and protocol, and responses by rcode, under CoreDNS metric names', async () => {
    const sample = async () => {
      const body = await scrape();
      const labels = { zone: 'cluster.local.' };
      return {
        a: metricSum(body, 'coredns_dns_requests_total', { ...labels, type: 'A', proto: 'udp', family: '1' }),
        srv: metricSum(body, 'coredns_dns_requests_total', { ...labels, type: 'SRV', proto: 'udp' }),
        tcp: metricSum(body, 'coredns_dns_requests_total', { ...labels, proto: 'tcp' }),
        refusedQueries: metricSum(body, 'coredns_dns_requests_total', { zone: '.' }),
        noerror: metricSum(body, 'coredns_dns_responses_total', {
          ...labels,
          rcode: 'NOERROR',
          plugin: 'kubernetes',
        }),
        nxdomain: metricSum(body, 'coredns_dns_responses_total', {
          ...labels,
          rcode: 'NXDOMAIN',
          plugin: 'kubernetes',
        }),
        refused: metricSum(body, 'coredns_dns_responses_total', { zone: '.', rcode: 'REFUSED' }),
        durations: metricSum(body, 'coredns_dns_request_duration_seconds_count', { ...labels, type: 'A' }),
      };
    };
    const before = await sample();
    for (let i = 0; i < 3; i++) await resolver.resolve4('web.default.svc.cluster.local');
    for (let i = 0; i < 2; i++) await outcome(resolver.resolve4(`missing-${i}.default.svc.cluster.local`));
    await resolver.resolveSrv('_http._tcp.web.default.svc.cluster.local');
    await outcome(resolver.resolve4('example.org'));
    await tcpQuery(dnsPort, 'db.default.svc.cluster.local', 'A');
    const after = await sample();
    const delta = Object.fromEntries(
      Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]),
    );
    expect(delta).toEqual({
      a: 5,
      srv: 1,
      tcp: 1,
      refusedQueries: 1,
      noerror: 5,
      nxdomain: 2,
      refused: 1,
      durations: 6,
    });
  });

  it('lets a pod call another Service by its short name: resolved by the cluster DNS, reached through the proxy', async () => {
    await create('Deployment', deployment('backend', [{ name: 'MESSAGE', value: 'from the backend' }]));
    await create(
      'Service',
      service('backend', {
        selector: { app: 'backend' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
      }),
    );
    await create(
      'Deployment',
      deployment('frontend', [{ name: 'UPSTREAM_URL', value: 'http://backend/hello' }]),
    );
    await create(
      'Service',
      service('frontend', { selector: { app: 'frontend' }, ports: [{ port: 80, targetPort: 8080 }] }),
    );
    await waitFor(
      async () => (await readyIPs('backend')).length === 2 && (await readyIPs('frontend')).length === 2,
      30_000,
      'two ready backend and two ready frontend pods',
    );
    const backendIP = (await get<Service>('Service', 'backend')).spec.clusterIP!;
    const backendPods = (
      await client.resource<Pod>(def('Pod')).list({ namespace: NS, labelSelector: 'app=backend' })
    ).items.map((p) => p.metadata.name);
    const before = metricSum(await scrape(), 'coredns_dns_requests_total', { type: 'A' });
    const res = await fetch(`${trafficUrl}/default/frontend/`, { headers: { accept: 'application/json' } });
    const body = (await res.json()) as { pod: string; upstream: Record<string, unknown> };
    expect(res.status).toBe(200);
    expect(body.pod).toMatch(/^frontend-/);
    expect(body.upstream).toMatchObject({
      url: 'http://backend/hello',
      // The first search domain, <ns>.svc.cluster.local, made the short name a Service's.
      resolvedName: 'backend.default.svc.cluster.local',
      address: backendIP,
      status: 200,
    });
    const answeredBy = JSON.parse(body.upstream.body as string) as {
      pod: string;
      path: string;
      message: string;
    };
    expect(backendPods).toContain(answeredBy.pod);
    expect(answeredBy).toMatchObject({ path: '/hello', message: 'from the backend' });
    // The frontend's lookup was a real query to cluster-dns.
    expect(metricSum(await scrape(), 'coredns_dns_requests_total', { type: 'A' })).toBeGreaterThan(before);

    // The text answer reports it too; with the backend gone, the frontend answers 502.
    const text = await (await fetch(`${trafficUrl}/default/frontend/`)).text();
    expect(text).toMatch(
      new RegExp(
        `^upstream http://backend/hello \\(backend\\.default\\.svc\\.cluster\\.local → ${backendIP.replace(/\./g, '\\.')}\\): 200 Hello from backend-`,
        'm',
      ),
    );
    await client.resource<Service>(def('Service')).delete('backend', NS);
    await waitFor(
      async () => {
        const r = await fetch(`${trafficUrl}/default/frontend/`);
        return r.status === 502 && /upstream http:\/\/backend\/hello: error ENOTFOUND/.test(await r.text());
      },
      5_000,
      'the frontend to answer 502 once backend no longer resolves',
    );
  });
});

/** One DNS query over TCP (two-byte length prefix), encoded and decoded with dns-packet. */
function tcpQuery(port: number, name: string, type: 'A' | 'SRV'): Promise<dnsPacket.DecodedPacket> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let received = Buffer.alloc(0);
    socket.setTimeout(3_000, () => socket.destroy(new Error('no TCP answer')));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) {
        socket.end();
        resolve(dnsPacket.decode(received.subarray(2, 2 + received.readUInt16BE(0))));
      }
    });
    socket.connect(port, '127.0.0.1', () =>
      socket.write(
        dnsPacket.streamEncode({
          type: 'query',
          id: 7,
          flags: dnsPacket.RECURSION_DESIRED,
          questions: [{ type, name }],
        }),
      ),
    );
  });
}
