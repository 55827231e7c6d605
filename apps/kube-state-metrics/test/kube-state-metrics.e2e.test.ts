/**
 * kube-state-metrics end to end: a real apiserver (on the test Redis) holds a namespace, nodes, a
 * Deployment with its ReplicaSet and pods, a Service and its Endpoints (and, in their own test, a
 * DaemonSet, a CronJob and the Job it started), statuses written through
 * the status subresource as the controllers and the kubelet would; the app lists and watches them
 * and /metrics shows exactly kube-state-metrics' series, which follow updates and deletions.
 */
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  builtinResources,
  type CronJob,
  type DaemonSet,
  type Deployment,
  type Endpoints,
  type Job,
  type KubeObject,
  type Namespace,
  type Node,
  type Pod,
  type ReplicaSet,
  type ResourceDefinition,
  type Service,
} from '@orchestra/api';
import { ApiClient, type ApiObject } from '@orchestra/client';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { eventually } from '../../../tools/testing/eventually';
import { readKubeStateMetricsConfig } from '../src/kube-state-metrics.config';
import { KubeStateMetricsModule } from '../src/kube-state-metrics.module';

process.env.LOG_LEVEL ??= 'error';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

/** The sample lines of one metric whose labels include all of `labels` (exact text, label order kept). */
function series(body: string, name: string, labels: Record<string, string> = {}): string[] {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return body
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => {
      const inside = line.slice(line.indexOf('{') + 1, line.lastIndexOf('}'));
      const pairs = inside.match(/[a-zA-Z_]\w*="(?:[^"\\]|\\.)*"/g) ?? ([] as string[]);
      return wanted.every((pair) => pairs.includes(pair));
    });
}

describe('kube-state-metrics', () => {
  let api: TestApiserver;
  let ksm: INestApplication;
  let ksmUrl: string;
  const client = () =>
    new ApiClient({ baseUrl: api.url, userAgent: 'kube-state-metrics-e2e', token: api.token });
  const scrape = async () => (await fetch(`${ksmUrl}/metrics`)).text();

  /** Writes `status` through the status subresource, as a controller or the kubelet does. */
  async function writeStatus<T extends ApiObject>(kind: string, object: T, status: unknown): Promise<T> {
    const resource = client().resource<T>(def(kind));
    const current = await resource.get(object.metadata.name!, object.metadata.namespace);
    return resource.updateStatus({ ...current, status } as T);
  }

  const create = <T extends ApiObject>(kind: string, object: T) =>
    client().resource<T>(def(kind)).create(object);

  let deployment: Deployment;
  let replicaSet: ReplicaSet;
  const uid: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestApiserver('kube-state-metrics');
    const config = readKubeStateMetricsConfig({
      APISERVER_URL: api.url,
      KUBE_STATE_METRICS_PORT: '0',
      LOG_LEVEL: 'error',
      // Authenticates as system:kube-state-metrics, as the launcher starts it.
      ...api.credentials.componentEnv('kube-state-metrics'),
    });
    ksm = await NestFactory.create(KubeStateMetricsModule.forRoot(config), { logger: false });
    await ksm.listen(0, '127.0.0.1');
    ksmUrl = (await ksm.getUrl()).replace('[::1]', '127.0.0.1');

    await create<Namespace>('Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    await create<Namespace>('Namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'doomed' },
    });

    const nodeStatus = (ready: 'True' | 'False', memoryPressure: 'True' | 'False'): Node['status'] => ({
      capacity: { cpu: '4', memory: '8Gi', pods: '110' },
      allocatable: { cpu: '3500m', memory: '7Gi', pods: '110' },
      conditions: [
        { type: 'Ready', status: ready },
        { type: 'MemoryPressure', status: memoryPressure },
      ],
      addresses: [{ type: 'InternalIP', address: ready === 'True' ? '10.0.0.1' : '10.0.0.2' }],
    });
    const nodeA = await create<Node>('Node', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-a' },
    });
    await writeStatus('Node', nodeA, nodeStatus('True', 'False'));
    const nodeB = await create<Node>('Node', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-b' },
      spec: { unschedulable: true, taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] },
    });
    await writeStatus('Node', nodeB, nodeStatus('False', 'True'));

    deployment = await create<Deployment>('Deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
        },
      },
    });
    await writeStatus('Deployment', deployment, {
      observedGeneration: deployment.metadata.generation,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 1,
      availableReplicas: 1,
      unavailableReplicas: 2,
      conditions: [
        { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
      ],
    });
    replicaSet = await create<ReplicaSet>('ReplicaSet', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'web-5d8f',
        namespace: 'shop',
        labels: { app: 'web' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'web',
            uid: deployment.metadata.uid!,
            controller: true,
          },
        ],
      },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
        },
      },
    });
    await writeStatus('ReplicaSet', replicaSet, { replicas: 3, readyReplicas: 1, availableReplicas: 1 });

    const pod = (name: string, nodeName?: string): Pod => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: 'shop',
        labels: { app: 'web' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: 'web-5d8f',
            uid: replicaSet.metadata.uid!,
            controller: true,
          },
        ],
      },
      spec: {
        ...(nodeName ? { nodeName } : {}),
        containers: [
          {
            name: 'app',
            image: 'nginx:1.27',
            resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } },
          },
        ],
      },
    });
    const container = (state: object, ready: boolean, restartCount: number, lastState: object = {}) => ({
      name: 'app',
      image: 'nginx:1.27',
      imageID: 'orchestra://nginx@sha256:1',
      containerID: 'orchestra://c',
      ready,
      restartCount,
      state,
      lastState,
    });
    const conditions = (ready: 'True' | 'False') => [
      { type: 'PodScheduled', status: 'True' },
      { type: 'Ready', status: ready },
    ];
    const running = await create('Pod', pod('web-5d8f-run', 'node-a'));
    await writeStatus('Pod', running, {
      phase: 'Running',
      hostIP: '10.0.0.1',
      podIP: '10.244.0.5',
      startTime: '2024-05-01T10:00:00Z',
      conditions: conditions('True'),
      containerStatuses: [container({ running: { startedAt: '2024-05-01T10:00:01Z' } }, true, 2)],
    });
    const crashing = await create('Pod', pod('web-5d8f-crash', 'node-a'));
    await writeStatus('Pod', crashing, {
      phase: 'Running',
      hostIP: '10.0.0.1',
      podIP: '10.244.0.6',
      conditions: conditions('False'),
      containerStatuses: [
        container({ waiting: { reason: 'CrashLoopBackOff' } }, false, 5, {
          terminated: { exitCode: 1, reason: 'Error' },
        }),
      ],
    });
    const pending = await create('Pod', pod('web-5d8f-pending'));
    await writeStatus('Pod', pending, {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }],
    });
    for (const p of [running, crashing, pending]) uid[p.metadata.name!] = p.metadata.uid!;

    const service = await create<Service>('Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    });
    uid.service = service.metadata.uid!;
    await create<Endpoints>('Endpoints', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'web', namespace: 'shop' },
      subsets: [
        {
          addresses: [{ ip: '10.244.0.5', nodeName: 'node-a' }],
          notReadyAddresses: [{ ip: '10.244.0.6', nodeName: 'node-a' }],
          ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        },
      ],
    });
    await client().resource<KubeObject>(def('Namespace')).delete('doomed');

    // Everything written above has reached the caches once the last writes show.
    await eventually(
      async () => {
        const body = await scrape();
        return (
          series(body, 'kube_endpoint_address').length === 2 &&
          series(body, 'kube_namespace_status_phase', {
            namespace: 'doomed',
            phase: 'Terminating',
          })[0]?.endsWith(' 1')
        );
      },
      20_000,
      'the cluster state in /metrics',
    );
  }, 60_000);

  afterAll(async () => {
    await ksm?.close();
    await api?.close();
  });

  it('is ready once its caches have synced, and serves the text format', async () => {
    expect(await (await fetch(`${ksmUrl}/readyz?verbose`)).text()).toContain('[+]informers-synced ok');
    const res = await fetch(`${ksmUrl}/metrics`);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const body = await res.text();
    expect(body).toContain(
      '# HELP kube_pod_status_phase The pods current phase.\n# TYPE kube_pod_status_phase gauge\n',
    );
    expect(body).toContain('# TYPE kube_pod_container_status_restarts_total counter\n');
  });

  it('exports each pod phase one-hot', async () => {
    const body = await scrape();
    const own = (pod: string) => `namespace="shop",pod="${pod}",uid="${uid[pod]}"`;
    const phases = (pod: string, current: string) =>
      ['Pending', 'Succeeded', 'Failed', 'Unknown', 'Running'].map(
        (phase) => `kube_pod_status_phase{${own(pod)},phase="${phase}"} ${phase === current ? 1 : 0}`,
      );
    expect(series(body, 'kube_pod_status_phase', { pod: 'web-5d8f-run' })).toEqual(
      phases('web-5d8f-run', 'Running'),
    );
    expect(series(body, 'kube_pod_status_phase', { pod: 'web-5d8f-pending' })).toEqual(
      phases('web-5d8f-pending', 'Pending'),
    );
    expect(series(body, 'kube_pod_status_phase', { namespace: 'shop', phase: 'Running' })).toHaveLength(3);
  });

  it('exports pod readiness and scheduling as true/false/unknown', async () => {
    const body = await scrape();
    const own = (pod: string) => `namespace="shop",pod="${pod}",uid="${uid[pod]}"`;
    expect(series(body, 'kube_pod_status_ready', { pod: 'web-5d8f-crash' })).toEqual([
      `kube_pod_status_ready{${own('web-5d8f-crash')},condition="true"} 0`,
      `kube_pod_status_ready{${own('web-5d8f-crash')},condition="false"} 1`,
      `kube_pod_status_ready{${own('web-5d8f-crash')},condition="unknown"} 0`,
    ]);
    expect(series(body, 'kube_pod_status_ready', { pod: 'web-5d8f-run', condition: 'true' })).toEqual([
      `kube_pod_status_ready{${own('web-5d8f-run')},condition="true"} 1`,
    ]);
    expect(
      series(body, 'kube_pod_status_scheduled', { pod: 'web-5d8f-pending', condition: 'false' }),
    ).toEqual([`kube_pod_status_scheduled{${own('web-5d8f-pending')},condition="false"} 1`]);
    expect(series(body, 'kube_pod_status_unschedulable')).toEqual([
      `kube_pod_status_unschedulable{${own('web-5d8f-pending')}} 1`,
    ]);
  });

  it('exports pod info and owners', async () => {
    const body = await scrape();
    const own = `namespace="shop",pod="web-5d8f-run",uid="${uid['web-5d8f-run']}"`;
    expect(series(body, 'kube_pod_info', { pod: 'web-5d8f-run' })).toEqual([
      `kube_pod_info{${own},host_ip="10.0.0.1",pod_ip="10.244.0.5",node="node-a",created_by_kind="ReplicaSet",created_by_name="web-5d8f",priority_class="",host_network="false"} 1`,
    ]);
    expect(series(body, 'kube_pod_owner', { pod: 'web-5d8f-run' })).toEqual([
      `kube_pod_owner{${own},owner_kind="ReplicaSet",owner_name="web-5d8f",owner_is_controller="true"} 1`,
    ]);
    expect(series(body, 'kube_pod_start_time', { pod: 'web-5d8f-run' })).toEqual([
      `kube_pod_start_time{${own}} 1714557600`,
    ]);
    const created = Number(series(body, 'kube_pod_created', { pod: 'web-5d8f-run' })[0]?.split(' ')[1]);
    expect(Math.abs(created - Date.now() / 1000)).toBeLessThan(120);
  });

  it('exports container restarts, readiness and waiting and last-terminated reasons', async () => {
    const body = await scrape();
    const own = (pod: string) => `namespace="shop",pod="${pod}",uid="${uid[pod]}",container="app"`;
    expect(series(body, 'kube_pod_container_status_restarts_total', { namespace: 'shop' })).toEqual(
      expect.arrayContaining([
        `kube_pod_container_status_restarts_total{${own('web-5d8f-run')}} 2`,
        `kube_pod_container_status_restarts_total{${own('web-5d8f-crash')}} 5`,
      ]),
    );
    // The pending pod has no container statuses yet: no container series.
    expect(series(body, 'kube_pod_container_status_restarts_total', { namespace: 'shop' })).toHaveLength(2);
    expect(series(body, 'kube_pod_container_status_ready', { namespace: 'shop' }).sort()).toEqual(
      [
        `kube_pod_container_status_ready{${own('web-5d8f-run')}} 1`,
        `kube_pod_container_status_ready{${own('web-5d8f-crash')}} 0`,
      ].sort(),
    );
    expect(series(body, 'kube_pod_container_status_waiting_reason')).toEqual([
      `kube_pod_container_status_waiting_reason{${own('web-5d8f-crash')},reason="CrashLoopBackOff"} 1`,
    ]);
    expect(series(body, 'kube_pod_container_status_last_terminated_reason')).toEqual([
      `kube_pod_container_status_last_terminated_reason{${own('web-5d8f-crash')},reason="Error"} 1`,
    ]);
    expect(series(body, 'kube_pod_container_status_running', { pod: 'web-5d8f-run' })).toEqual([
      `kube_pod_container_status_running{${own('web-5d8f-run')}} 1`,
    ]);
    expect(series(body, 'kube_pod_container_info', { pod: 'web-5d8f-run' })).toEqual([
      `kube_pod_container_info{${own('web-5d8f-run')},image_spec="nginx:1.27",image="nginx:1.27",image_id="orchestra://nginx@sha256:1",container_id="orchestra://c"} 1`,
    ]);
  });

  it('exports requests and limits in cores and bytes, with the node', async () => {
    const body = await scrape();
    const own = `namespace="shop",pod="web-5d8f-run",uid="${uid['web-5d8f-run']}",container="app",node="node-a"`;
    expect(series(body, 'kube_pod_container_resource_requests', { pod: 'web-5d8f-run' })).toEqual([
      `kube_pod_container_resource_requests{${own},resource="cpu",unit="core"} 0.25`,
      `kube_pod_container_resource_requests{${own},resource="memory",unit="byte"} 67108864`,
    ]);
    expect(series(body, 'kube_pod_container_resource_limits', { pod: 'web-5d8f-run' })).toEqual([
      `kube_pod_container_resource_limits{${own},resource="cpu",unit="core"} 1`,
      `kube_pod_container_resource_limits{${own},resource="memory",unit="byte"} 134217728`,
    ]);
    // A pod not bound yet has an empty node label, as in kube-state-metrics.
    expect(
      series(body, 'kube_pod_container_resource_requests', { pod: 'web-5d8f-pending', resource: 'cpu' }),
    ).toEqual([
      `kube_pod_container_resource_requests{namespace="shop",pod="web-5d8f-pending",uid="${uid['web-5d8f-pending']}",container="app",node="",resource="cpu",unit="core"} 0.25`,
    ]);
  });

  it('exports the Deployment and its ReplicaSet', async () => {
    const body = await scrape();
    const own = 'namespace="shop",deployment="web"';
    const value = (name: string) => series(body, name, { deployment: 'web' });
    expect(value('kube_deployment_spec_replicas')).toEqual([`kube_deployment_spec_replicas{${own}} 3`]);
    expect(value('kube_deployment_status_replicas')).toEqual([`kube_deployment_status_replicas{${own}} 3`]);
    expect(value('kube_deployment_status_replicas_available')).toEqual([
      `kube_deployment_status_replicas_available{${own}} 1`,
    ]);
    expect(value('kube_deployment_status_replicas_ready')).toEqual([
      `kube_deployment_status_replicas_ready{${own}} 1`,
    ]);
    expect(value('kube_deployment_status_replicas_updated')).toEqual([
      `kube_deployment_status_replicas_updated{${own}} 3`,
    ]);
    expect(value('kube_deployment_status_replicas_unavailable')).toEqual([
      `kube_deployment_status_replicas_unavailable{${own}} 2`,
    ]);
    expect(value('kube_deployment_metadata_generation')).toEqual([
      `kube_deployment_metadata_generation{${own}} ${deployment.metadata.generation}`,
    ]);
    expect(value('kube_deployment_status_observed_generation')).toEqual([
      `kube_deployment_status_observed_generation{${own}} ${deployment.metadata.generation}`,
    ]);
    expect(series(body, 'kube_deployment_status_condition', { condition: 'Available' })).toEqual([
      `kube_deployment_status_condition{${own},reason="MinimumReplicasUnavailable",condition="Available",status="true"} 0`,
      `kube_deployment_status_condition{${own},reason="MinimumReplicasUnavailable",condition="Available",status="false"} 1`,
      `kube_deployment_status_condition{${own},reason="MinimumReplicasUnavailable",condition="Available",status="unknown"} 0`,
    ]);
    const rs = 'namespace="shop",replicaset="web-5d8f"';
    expect(series(body, 'kube_replicaset_spec_replicas')).toEqual([`kube_replicaset_spec_replicas{${rs}} 3`]);
    expect(series(body, 'kube_replicaset_status_ready_replicas')).toEqual([
      `kube_replicaset_status_ready_replicas{${rs}} 1`,
    ]);
    expect(series(body, 'kube_replicaset_owner')).toEqual([
      `kube_replicaset_owner{${rs},owner_kind="Deployment",owner_name="web",owner_is_controller="true"} 1`,
    ]);
  });

  it('exports node conditions, schedulability, taints, allocatable and capacity', async () => {
    const body = await scrape();
    expect(series(body, 'kube_node_status_condition', { condition: 'Ready' })).toEqual([
      'kube_node_status_condition{node="node-a",condition="Ready",status="true"} 1',
      'kube_node_status_condition{node="node-a",condition="Ready",status="false"} 0',
      'kube_node_status_condition{node="node-a",condition="Ready",status="unknown"} 0',
      'kube_node_status_condition{node="node-b",condition="Ready",status="true"} 0',
      'kube_node_status_condition{node="node-b",condition="Ready",status="false"} 1',
      'kube_node_status_condition{node="node-b",condition="Ready",status="unknown"} 0',
    ]);
    expect(
      series(body, 'kube_node_status_condition', {
        node: 'node-b',
        condition: 'MemoryPressure',
        status: 'true',
      }),
    ).toEqual(['kube_node_status_condition{node="node-b",condition="MemoryPressure",status="true"} 1']);
    expect(series(body, 'kube_node_spec_unschedulable')).toEqual([
      'kube_node_spec_unschedulable{node="node-a"} 0',
      'kube_node_spec_unschedulable{node="node-b"} 1',
    ]);
    expect(series(body, 'kube_node_spec_taint')).toEqual([
      'kube_node_spec_taint{node="node-b",key="node.kubernetes.io/not-ready",value="",effect="NoSchedule"} 1',
    ]);
    expect(series(body, 'kube_node_status_allocatable', { node: 'node-a' })).toEqual([
      'kube_node_status_allocatable{node="node-a",resource="cpu",unit="core"} 3.5',
      'kube_node_status_allocatable{node="node-a",resource="memory",unit="byte"} 7516192768',
      'kube_node_status_allocatable{node="node-a",resource="pods",unit="integer"} 110',
    ]);
    expect(series(body, 'kube_node_status_capacity', { node: 'node-b', resource: 'cpu' })).toEqual([
      'kube_node_status_capacity{node="node-b",resource="cpu",unit="core"} 4',
    ]);
    expect(series(body, 'kube_node_info', { node: 'node-a' })[0]).toContain('internal_ip="10.0.0.1"');
  });

  it('exports namespace phases, the Service and its endpoint addresses', async () => {
    const body = await scrape();
    expect(series(body, 'kube_namespace_status_phase', { namespace: 'shop' })).toEqual([
      'kube_namespace_status_phase{namespace="shop",phase="Active"} 1',
      'kube_namespace_status_phase{namespace="shop",phase="Terminating"} 0',
    ]);
    expect(series(body, 'kube_namespace_status_phase', { namespace: 'doomed' })).toEqual([
      'kube_namespace_status_phase{namespace="doomed",phase="Active"} 0',
      'kube_namespace_status_phase{namespace="doomed",phase="Terminating"} 1',
    ]);
    expect(series(body, 'kube_endpoint_address')).toEqual([
      'kube_endpoint_address{namespace="shop",endpoint="web",ip="10.244.0.5",ready="true"} 1',
      'kube_endpoint_address{namespace="shop",endpoint="web",ip="10.244.0.6",ready="false"} 1',
    ]);
    expect(series(body, 'kube_endpoint_info', { namespace: 'shop' })).toEqual([
      'kube_endpoint_info{namespace="shop",endpoint="web"} 1',
    ]);
    expect(series(body, 'kube_service_spec_type', { namespace: 'shop' })).toEqual([
      `kube_service_spec_type{namespace="shop",service="web",uid="${uid.service}",type="ClusterIP"} 1`,
    ]);
    expect(series(body, 'kube_service_info', { namespace: 'shop' })).toHaveLength(1);
  });

  it('keeps the process metrics with their component label, and none on the cluster-state series', async () => {
    const body = await scrape();
    expect(body).toMatch(/^process_cpu_user_seconds_total\{component="kube-state-metrics"\} /m);
    expect(body).toMatch(/^rest_client_requests_total\{[^}]*component="kube-state-metrics"[^}]*\} \d+/m);
    const clusterState = body.split('\n').filter((line) => line.startsWith('kube_'));
    expect(clusterState.length).toBeGreaterThan(50);
    expect(clusterState.filter((line) => line.includes('component='))).toEqual([]);
    // Each family once: Prometheus rejects a scrape that repeats a family's TYPE.
    const types = body.split('\n').filter((line) => line.startsWith('# TYPE '));
    expect(new Set(types).size).toBe(types.length);
  });

  it('exports a DaemonSet, a CronJob and its failed Job (list and watch allowed by its RBAC role)', async () => {
    const daemonSet = await create<DaemonSet>('DaemonSet', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'log-agent', namespace: 'shop', labels: { tier: 'node' } },
      spec: {
        selector: { matchLabels: { app: 'log-agent' } },
        template: {
          metadata: { labels: { app: 'log-agent' } },
          spec: { containers: [{ name: 'agent', image: 'busybox' }] },
        },
      },
    });
    await writeStatus('DaemonSet', daemonSet, {
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      numberReady: 1,
      numberAvailable: 1,
      numberUnavailable: 1,
      numberMisscheduled: 0,
      updatedNumberScheduled: 2,
      observedGeneration: daemonSet.metadata.generation,
    });
    const cronJob = await create<CronJob>('CronJob', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report', namespace: 'shop' },
      spec: {
        schedule: '*/5 * * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: { restartPolicy: 'Never', containers: [{ name: 'report', image: 'busybox' }] },
            },
          },
        },
      },
    });
    await writeStatus('CronJob', cronJob, { lastScheduleTime: '2024-05-01T10:05:00Z' });
    const job = await create<Job>('Job', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'report-28580485',
        namespace: 'shop',
        ownerReferences: [
          {
            apiVersion: 'batch/v1',
            kind: 'CronJob',
            name: 'report',
            uid: cronJob.metadata.uid!,
            controller: true,
          },
        ],
      },
      spec: {
        backoffLimit: 1,
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'report', image: 'busybox' }] } },
      },
    });
    await writeStatus('Job', job, {
      failed: 2,
      startTime: '2024-05-01T10:05:01Z',
      conditions: [
        { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded' },
        { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' },
      ],
    });

    const body = await eventually(
      async () => {
        const text = await scrape();
        return series(text, 'kube_job_failed', { condition: 'true' }).length === 1 &&
          series(text, 'kube_daemonset_status_number_ready').length === 1 &&
          series(text, 'kube_cronjob_status_last_schedule_time').length === 1
          ? text
          : false;
      },
      10_000,
      'the DaemonSet, CronJob and Job in /metrics',
    );
    const ds = 'namespace="shop",daemonset="log-agent"';
    expect(series(body, 'kube_daemonset_status_desired_number_scheduled')).toEqual([
      `kube_daemonset_status_desired_number_scheduled{${ds}} 2`,
    ]);
    expect(series(body, 'kube_daemonset_status_number_ready')).toEqual([
      `kube_daemonset_status_number_ready{${ds}} 1`,
    ]);
    expect(series(body, 'kube_daemonset_labels')).toEqual([
      `kube_daemonset_labels{${ds},label_tier="node"} 1`,
    ]);
    const cj = 'namespace="shop",cronjob="report"';
    // Defaulting filled in concurrencyPolicy and suspend.
    expect(series(body, 'kube_cronjob_info')).toEqual([
      `kube_cronjob_info{${cj},schedule="*/5 * * * *",concurrency_policy="Allow",timezone="local"} 1`,
    ]);
    expect(series(body, 'kube_cronjob_spec_suspend')).toEqual([`kube_cronjob_spec_suspend{${cj}} 0`]);
    expect(series(body, 'kube_cronjob_next_schedule_time')).toEqual([
      `kube_cronjob_next_schedule_time{${cj}} ${Date.parse('2024-05-01T10:10:00Z') / 1000}`,
    ]);
    const jn = 'namespace="shop",job_name="report-28580485"';
    expect(series(body, 'kube_job_status_failed')).toEqual([
      `kube_job_status_failed{${jn},reason="BackoffLimitExceeded"} 1`,
      `kube_job_status_failed{${jn},reason="DeadlineExceeded"} 0`,
      `kube_job_status_failed{${jn},reason="Evicted"} 0`,
    ]);
    expect(series(body, 'kube_job_owner')).toEqual([
      `kube_job_owner{${jn},owner_kind="CronJob",owner_name="report",owner_is_controller="true"} 1`,
    ]);
    expect(series(body, 'kube_job_status_start_time')).toEqual([
      `kube_job_status_start_time{${jn}} 1714557901`,
    ]);
  });

  it('follows updates, and drops every series of a deleted pod', async () => {
    const pods = client().resource<Pod>(def('Pod'));
    const crashing = await pods.get('web-5d8f-crash', 'shop');
    await writeStatus('Pod', crashing, {
      ...crashing.status,
      containerStatuses: crashing.status!.containerStatuses!.map((c) => ({ ...c, restartCount: 6 })),
    });
    await eventually(
      async () =>
        series(await scrape(), 'kube_pod_container_status_restarts_total', {
          pod: 'web-5d8f-crash',
        })[0]?.endsWith(' 6'),
      10_000,
      'the restart count to follow',
    );

    expect((await scrape()).includes('pod="web-5d8f-pending"')).toBe(true);
    await pods.delete('web-5d8f-pending', 'shop', { gracePeriodSeconds: 0 });
    const body = await eventually(
      async () => {
        const text = await scrape();
        return text.includes('pod="web-5d8f-pending"') ? false : text;
      },
      10_000,
      'the deleted pod to leave /metrics',
    );
    expect(body.split('\n').filter((line) => line.includes(uid['web-5d8f-pending']))).toEqual([]);
    expect(series(body, 'kube_pod_status_phase', { namespace: 'shop', phase: 'Running' })).toHaveLength(2);
  });
});
