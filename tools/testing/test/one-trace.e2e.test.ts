/**
 * One `kubectl apply` of a Deployment is one trace: the apiserver, scheduler, controller-manager
 * and kubelet run as real processes exporting to an OTLP receiver on loopback, the real kubectl
 * applies a Deployment of 2 replicas, and once both pods are Ready the spans of all four
 * components share the apply request's trace id, their parent links forming the causal chain
 *   POST deployment → reconcile Deployment → POST replicaset → reconcile ReplicaSet → POST pod
 *   → schedule pod (filter and score results) → POST binding → sync pod → pull, create, start
 *   → the status write that makes the pod Ready,
 * with the queues' producer and consumer spans on the way. Heartbeats (node Leases, node status)
 * and resyncs stay out of it, and the trace stops growing once the work is done.
 *
 * The work reaches each component two ways: the apiserver's dispatcher enqueues it from the change
 * log, and the component's own informer sees the change (controllers enqueue, the scheduler
 * queues the pod, the kubelet syncs it). Which comes first is a race, so the second case runs
 * the apiserver without its dispatcher: then every hop is the informer path's, and the chain must
 * be just as whole. The first case reports which path carried each hop.
 */
import { builtinResources, type Pod, type ResourceDefinition } from '@orchestra/api';
import { ApiClient } from '@orchestra/client';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installedKubectlClients } from '../../../apps/apiserver/test/kubectl-clients';
import { nodeIdentities, readKubeletConfig } from '../../../apps/kubelet/src/kubelet.config';
import { buildDist, type ComponentProcess, startComponent } from '../component-process';
import { eventually } from '../eventually';
import { type KubectlSession } from '../kubectl-session';
import { attribute, endMs, type ExportedSpan, OtlpReceiver, startMs } from '../otlp-receiver';
import { TestCredentials } from '../test-credentials';
import { createTestRedis, type TestRedis } from '../test-redis';
import { tlsKubectlSession } from '../tls-kubectl-session';

type Span = ExportedSpan & { service: string };

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

const manifest = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: web
          image: orchestra/web
`;

describe('one kubectl apply is one trace', () => {
  const kubectlPath = installedKubectlClients()[0]?.path;
  let redis: TestRedis;
  const receiver = new OtlpReceiver();
  const processes: ComponentProcess[] = [];
  let apiserver: ComponentProcess;
  let common: Record<string, string>;
  let client: ApiClient;
  let session: KubectlSession;
  /** The apiserver's token file and each component's identity, as the launcher generates them. */
  const credentials = new TestCredentials();

  const startApiserver = (env: Record<string, string>, port?: number) =>
    startComponent({
      name: 'apiserver',
      script: 'apps/apiserver/src/main.js',
      portVariable: 'APISERVER_PORT',
      port,
      env: {
        ...common,
        TOKEN_AUTH_FILE: credentials.tokenFile,
        SERVICE_ACCOUNT_KEY_FILE: credentials.serviceAccountKeyFile,
        AUDIT_LOG_PATH: credentials.auditLogFile,
        ...env,
      },
    });

  beforeAll(async () => {
    if (!kubectlPath) throw new Error('no kubectl on this machine');
    await buildDist();
    redis = createTestRedis('one-trace');
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: await receiver.start(), OTEL_BSP_SCHEDULE_DELAY: '100' };
    // info: the events each component logs as it records them are the log lines under test.
    common = { REDIS_URL: redis.url, ORCHESTRA_KEY_PREFIX: redis.prefix, LOG_LEVEL: 'info', ...otel };
    apiserver = await startApiserver({});
    const withApi = { ...common, APISERVER_URL: apiserver.url };
    // Two nodes, so the scheduler scores them; heartbeats every 2 s / 20 (playground).
    const kubeletEnv = { NODES: '2', NODE_NAME_PREFIX: 'traced', PROFILE: 'playground', TIME_SCALE: '20' };
    const nodeNames = nodeIdentities(readKubeletConfig(kubeletEnv)).map((n) => n.name);
    processes.push(
      ...(await Promise.all([
        startComponent({
          name: 'scheduler',
          script: 'apps/scheduler/src/main.js',
          portVariable: 'SCHEDULER_PORT',
          env: { ...withApi, ...credentials.componentEnv('scheduler'), LEADER_ELECT: 'false' },
        }),
        startComponent({
          name: 'controller-manager',
          script: 'apps/controller-manager/src/main.js',
          portVariable: 'CONTROLLER_MANAGER_PORT',
          // Resyncs during the test: their reconciles must stay out of the apply's trace.
          env: {
            ...withApi,
            ...credentials.componentEnv('controller-manager'),
            LEADER_ELECT: 'false',
            RESYNC_PERIOD_MS: '2000',
          },
        }),
        startComponent({
          name: 'kubelet',
          script: 'apps/kubelet/src/main.js',
          portVariable: 'KUBELET_PORT',
          // Each node as system:node:<name>.
          env: { ...withApi, ...kubeletEnv, ...credentials.componentEnv('kubelet', nodeNames) },
        }),
      ])),
    );
    client = new ApiClient({
      baseUrl: apiserver.url,
      userAgent: 'one-trace-e2e',
      token: credentials.adminToken,
    });
    // kubectl sends its token only over HTTPS: a TLS front of the apiserver, as the admin.
    session = await tlsKubectlSession(kubectlPath, apiserver.url, 30_000, { token: credentials.adminToken });
    await eventually(
      async () => (await client.resource(def('Node')).list()).items.length === 2,
      30_000,
      'both nodes',
    );
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    for (const p of processes.reverse()) await p.stop();
    await apiserver?.stop();
    await receiver.stop();
    await redis?.cleanup();
    credentials.cleanup();
  });

  /** Applies the Deployment with kubectl and waits until both its pods are Running and Ready. */
  async function applyAndWaitReady(name: string): Promise<Pod[]> {
    const file = join(session.dir, `${name}.yaml`);
    writeFileSync(file, manifest(name));
    await session.kubectl('apply', '-f', file);
    const pods = client.resource<Pod>(def('Pod'));
    return eventually(
      async () => {
        const items = (await pods.list({ namespace: 'default', labelSelector: `app=${name}` })).items;
        const ready = items.filter(
          (p) =>
            p.status?.phase === 'Running' &&
            p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        );
        return ready.length === 2 && items.length === 2 && ready;
      },
      60_000,
      `both pods of ${name} Running and Ready`,
    );
  }

  it('follows the apply through every component in one trace, whichever path wins', async () => {
    const pods = await applyAndWaitReady('traced');
    const trace = await chainOf('traced', pods);
    const paths = hopPaths(trace);
    // How each hop got its work (the producer of the job its consumer span took).
    console.log(`one-trace: ${trace.spans.length} spans; hops by path: ${JSON.stringify(paths)}`);
    await expectBackgroundKeptOut(trace.traceId);
    // The log lines written in the trace's work (its events, as Kubernetes logs them) carry its
    // trace id and the span they were written in: Loki finds them from the trace and back.
    const logged = processes
      .flatMap((p) => jsonLines(p.output()))
      .filter((l) => l.trace_id === trace.traceId);
    expect(new Set(logged.map((l) => l.component))).toEqual(
      new Set(['kube-controller-manager', 'kube-scheduler', 'kubelet']),
    );
    // Each line's span is exported too (a failed attempt's span may still be on its way).
    const unexported = () => {
      const spanIds = new Set(spans().map((s) => s.spanId));
      return logged.filter((line) => !spanIds.has(line.span_id as string));
    };
    await eventually(() => unexported().length === 0, 10_000, 'the spans of the logged lines').catch(() =>
      expect(unexported()).toEqual([]),
    );
    expect(logged.map((l) => l.reason)).toEqual(
      expect.arrayContaining(['ScalingReplicaSet', 'SuccessfulCreate', 'Scheduled', 'Pulled', 'Started']),
    );
  }, 120_000);

  it('keeps the chain whole when only the informers carry the work (no dispatcher)', async () => {
    const port = Number(new URL(apiserver.url).port);
    await apiserver.stop();
    apiserver = await startApiserver({ DISPATCHER_ENABLED: 'false' }, port);
    const pods = await applyAndWaitReady('informed');
    const trace = await chainOf('informed', pods);
    // No dispatcher: nothing of the trace was enqueued by the apiserver.
    const dispatched = trace.spans.filter((s) => s.kind === PRODUCER && s.service === 'kube-apiserver');
    expect(dispatched).toEqual([]);
    const paths = hopPaths(trace);
    expect(Object.values(paths).flat()).not.toContain('dispatcher');
    console.log(`one-trace (informers only): ${trace.spans.length} spans; hops: ${JSON.stringify(paths)}`);
    await expectBackgroundKeptOut(trace.traceId);
  }, 150_000);

  // ---- the trace, read back from the receiver ----

  const spans = () => receiver.spans as Span[];
  const byId = () => new Map(spans().map((s) => [s.spanId, s]));
  const path = (s: Span) => String(attribute(s, 'url.path') ?? attribute(s, 'http.target') ?? '');
  const method = (s: Span) =>
    String(attribute(s, 'http.request.method') ?? attribute(s, 'http.method') ?? '');
  const serverSpan = (s: Span, verb: string, pattern: RegExp) =>
    s.kind === SERVER && s.service === 'kube-apiserver' && method(s) === verb && pattern.test(path(s));

  /** Whether `ancestor` is on `span`'s chain of parents. */
  const isUnder = (span: Span, ancestor: Span): boolean => {
    const all = byId();
    for (let at = span.parentSpanId && all.get(span.parentSpanId); at;) {
      if (at.spanId === ancestor.spanId) return true;
      at = at.parentSpanId ? all.get(at.parentSpanId) : undefined;
    }
    return false;
  };
  const parentOf = (span: Span) => (span.parentSpanId ? byId().get(span.parentSpanId) : undefined);

  interface Chain {
    traceId: string;
    spans: Span[];
    /** The spans of each hop, for the path report. */
    reconcileDeployment: Span;
    reconcileReplicaSet: Span;
    schedules: Span[];
    syncs: Span[];
  }

  /**
   * Finds the apply's trace and checks the chain; waits for the spans (they arrive in batches,
   * the last ones a moment after the pods are Ready).
   */
  function chainOf(name: string, pods: Pod[]): Promise<Chain> {
    // A failed expectation is retried; the last one is in the timeout's message.
    return eventually(() => checkChain(name, pods), 30_000, `the chain of ${name}`);
  }

  function checkChain(name: string, pods: Pod[]): Chain {
    // The apply's request: the POST of the Deployment, the root of its trace.
    const reconcileD = spans().find(
      (s) =>
        s.name === 'reconcile deployment' &&
        attribute(s, 'k8s.deployment.name') === name &&
        spans().some(
          (r) => serverSpan(r, 'POST', /\/namespaces\/default\/replicasets$/) && parentOf(r) === s,
        ),
    );
    expect(reconcileD).toBeDefined();
    const traceId = reconcileD!.traceId;
    const inTrace = spans().filter((s) => s.traceId === traceId);
    const roots = inTrace.filter((s) => !s.parentSpanId);
    expect(roots).toHaveLength(1);
    const postDeployment = roots[0];
    expect(serverSpan(postDeployment, 'POST', /^\/apis\/apps\/v1\/namespaces\/default\/deployments$/)).toBe(
      true,
    );
    expect(
      String(
        attribute(postDeployment, 'user_agent.original') ?? attribute(postDeployment, 'http.user_agent'),
      ),
    ).toMatch(/^kubectl/);
    expect(attribute(reconcileD!, 'k8s.namespace.name')).toBe('default');
    expect(isUnder(reconcileD!, postDeployment)).toBe(true);
    expect(new Set(inTrace.map((s) => s.service))).toEqual(
      new Set(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet']),
    );

    // Deployment → ReplicaSet → pods.
    const postReplicaSet = inTrace.find(
      (s) => serverSpan(s, 'POST', /\/namespaces\/default\/replicasets$/) && parentOf(s) === reconcileD,
    )!;
    const reconcileRS = inTrace.filter(
      (s) =>
        s.name === 'reconcile replicaset' &&
        String(attribute(s, 'k8s.replicaset.name')).startsWith(`${name}-`) &&
        isUnder(s, postReplicaSet),
    );
    const postPods = inTrace.filter(
      (s) =>
        serverSpan(s, 'POST', /^\/api\/v1\/namespaces\/default\/pods$/) &&
        reconcileRS.some((r) => parentOf(s) === r),
    );
    expect(postPods).toHaveLength(2);
    expectQueueHop(reconcileD!, 'deployment');
    for (const r of reconcileRS) expectQueueHop(r, 'replicaset');

    const schedules: Span[] = [];
    const syncs: Span[] = [];
    for (const pod of pods) {
      const podName = pod.metadata.name!;
      // The scheduler: under the pod's create, with its decision; the binding under it.
      const schedule = inTrace.find(
        (s) => s.name === 'schedule pod' && attribute(s, 'k8s.pod.name') === podName,
      );
      expect(schedule).toBeDefined();
      expect(schedule!.service).toBe('kube-scheduler');
      expect(postPods.some((p) => isUnder(schedule!, p))).toBe(true);
      expect(attribute(schedule!, 'k8s.namespace.name')).toBe('default');
      expect(attribute(schedule!, 'scheduler.result')).toBe('scheduled');
      expect(attribute(schedule!, 'k8s.node.name')).toBe(pod.spec.nodeName);
      expect(Number(attribute(schedule!, 'scheduler.feasible_nodes'))).toBe(2);
      expect(JSON.parse(String(attribute(schedule!, 'scheduler.filter_failures')))).toEqual({});
      // Scored: both nodes, with each plugin's score.
      const candidates = JSON.parse(String(attribute(schedule!, 'scheduler.candidates'))) as unknown[];
      expect(candidates).toHaveLength(2);
      const binding = inTrace.find(
        (s) => serverSpan(s, 'POST', new RegExp(`/pods/${podName}/binding$`)) && isUnder(s, schedule!),
      );
      expect(binding).toBeDefined();

      // The kubelet: the sync that starts the pod, under the binding, with its steps in order.
      const sync = inTrace.find(
        (s) =>
          s.name === 'sync pod' &&
          attribute(s, 'k8s.pod.name') === podName &&
          inTrace.some((c) => c.name === 'start container' && parentOf(c) === s),
      );
      expect(sync).toBeDefined();
      expect(sync!.service).toBe('kubelet');
      expect(isUnder(sync!, binding!)).toBe(true);
      expect(attribute(sync!, 'k8s.node.name')).toBe(pod.spec.nodeName);
      const step = (stepName: string) => {
        const found = inTrace.filter((s) => s.name === stepName && parentOf(s) === sync);
        expect(found.map((s) => s.name)).toEqual([stepName]);
        expect(attribute(found[0], 'k8s.pod.name')).toBe(podName);
        return found[0];
      };
      const pull = step('pull image');
      const create = step('create container');
      const start = step('start container');
      expect(attribute(pull, 'container.image.name')).toBe('orchestra/web');
      expect(attribute(create, 'k8s.container.name')).toBe('web');
      // One after the other. (The SDK anchors each span's clock on Date.now() when it starts, so
      // two spans' times can differ by up to a millisecond.)
      expect(startMs(create)).toBeGreaterThanOrEqual(endMs(pull) - 1);
      expect(startMs(start)).toBeGreaterThanOrEqual(endMs(create) - 1);
      const ready = inTrace.find(
        (s) =>
          s.name === 'update pod status' &&
          parentOf(s) === sync &&
          attribute(s, 'kubelet.pod.ready') === true &&
          (s.events ?? []).some((e) => e.name === 'pod ready'),
      );
      expect(ready).toBeDefined();
      expect(attribute(ready!, 'k8s.pod.status.phase')).toBe('Running');
      expect(startMs(ready!)).toBeGreaterThanOrEqual(endMs(start) - 1);
      // The write itself, at the apiserver, under it.
      expect(
        inTrace.some(
          (s) => serverSpan(s, 'PATCH', new RegExp(`/pods/${podName}/status$`)) && isUnder(s, ready!),
        ),
      ).toBe(true);
      schedules.push(schedule!);
      syncs.push(sync!);
    }
    return {
      traceId,
      spans: inTrace,
      reconcileDeployment: reconcileD!,
      reconcileReplicaSet: reconcileRS[0],
      schedules,
      syncs,
    };
  }

  /** A reconcile runs in its queue's consumer span, under a producer span of that queue. */
  function expectQueueHop(reconcile: Span, queue: string): void {
    const consumer = parentOf(reconcile);
    expect(consumer).toMatchObject({ kind: CONSUMER, name: `process ${queue}` });
    expect(attribute(consumer!, 'messaging.system')).toBe('bullmq');
    expect(attribute(consumer!, 'messaging.destination.name')).toBe(queue);
    expect(attribute(consumer!, 'messaging.operation.type')).toBe('process');
    const producer = parentOf(consumer!);
    expect(producer).toMatchObject({ kind: PRODUCER, name: `addBulk ${queue}` });
    expect(attribute(producer!, 'messaging.operation.type')).toBe('send');
  }

  /**
   * Which path brought each hop its work: the dispatcher (a producer span in the apiserver, or
   * for the scheduler and kubelet a consumer span of their queue) or the informer (the
   * controller-manager's own producer span, or directly under the apiserver's request span).
   */
  function hopPaths(chain: Chain): Record<string, string[]> {
    const viaQueue = (reconcile: Span) =>
      parentOf(parentOf(reconcile)!)!.service === 'kube-apiserver' ? 'dispatcher' : 'informer';
    const viaConsumer = (span: Span) => (parentOf(span)?.kind === CONSUMER ? 'dispatcher' : 'informer');
    return {
      deployment: [viaQueue(chain.reconcileDeployment)],
      replicaset: [viaQueue(chain.reconcileReplicaSet)],
      scheduler: chain.schedules.map(viaConsumer),
      kubelet: chain.syncs.map(viaConsumer),
    };
  }

  /**
   * Heartbeats and resyncs go on (and are traced) but never in the apply's trace, and the trace
   * stops growing once the work is done.
   */
  async function expectBackgroundKeptOut(traceId: string): Promise<void> {
    const inTrace = () => spans().filter((s) => s.traceId === traceId);
    // Quiet: no new span in the trace for 2 s (the last status writes and events settle).
    let count = -1;
    let quietSince = Date.now();
    await eventually(
      () => {
        const now = inTrace().length;
        if (now !== count) {
          count = now;
          quietSince = Date.now();
        }
        return Date.now() - quietSince >= 2_000;
      },
      30_000,
      'the trace to settle',
    );
    const settledAt = Date.now();
    const settledCount = inTrace().length;
    const heartbeat = (s: Span) => s.kind === SERVER && /\/leases\/|\/nodes\/[^/]+\/status$/.test(path(s));
    // Lease renewals (every 100 ms), node status and resyncs happen meanwhile, in other traces.
    await eventually(
      () =>
        spans().some((s) => heartbeat(s) && startMs(s) > settledAt) &&
        spans().some((s) => s.name === 'reconcile deployment' && startMs(s) > settledAt) &&
        spans().some((s) => s.name === 'sync pod' && startMs(s) > settledAt),
      20_000,
      'heartbeats and resyncs after the trace settled',
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(inTrace().filter(heartbeat)).toEqual([]);
    // Each heartbeat is a trace of its own, not one endless trace of the kubelet's loops.
    const recentHeartbeats = spans().filter((s) => heartbeat(s) && startMs(s) > settledAt);
    expect(recentHeartbeats.filter((s) => s.parentSpanId)).toEqual([]);
    expect(inTrace().length).toBe(settledCount);
  }
});

/** The JSON lines of a component's output (its log lines). */
function jsonLines(output: string): Record<string, unknown>[] {
  return output.split('\n').flatMap((line) => {
    try {
      const parsed: unknown = JSON.parse(line);
      return parsed && typeof parsed === 'object' ? [parsed as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}
