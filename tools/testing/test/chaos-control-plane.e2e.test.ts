/**
 * Chaos on the control plane, end to end with real OS processes (built from dist/): the apiserver
 * and the controller-manager (with the chaos controller). store-latency: a GET through the
 * apiserver is slower by about the delay while the run lasts (and the store's and the requests'
 * latency metrics show it), fast again after (also with the controller-manager SIGKILLed during
 * the run), and the run reports its steady state back.
 * queue-stall on the controller-manager's replicaset queue: a scale-up waits (its job in
 * orchestra_queue_jobs and workqueue_depth) for the stall's end and is acted on soon after; the
 * chaos controller's own queue is refused.
 */
import { builtinResources, ChaosExperiment, ResourceDefinition } from '@orchestra/api';
import { ApiClient } from '@orchestra/client';
import { ClusterProcesses } from '../cluster-processes';
import { buildDist, ComponentProcess, metricSum } from '../component-process';
import { createTestRedis, TestRedis } from '../test-redis';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
const DELAY_MS = 200;
const DURATION_MS = 6_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('chaos on the control plane (real processes)', () => {
  let redis: TestRedis;
  let cluster: ClusterProcesses;
  let apiserver: ComponentProcess;
  let controllerManager: ComponentProcess;
  let client: ApiClient;

  // Go through `cluster`: beforeAll creates it, once the Redis is there.
  const start: ClusterProcesses['start'] = (...args) => cluster.start(...args);
  const waitFor: ClusterProcesses['waitFor'] = (check, timeoutMs, what) =>
    cluster.waitFor(check, timeoutMs, what);
  const experiments = () => client.resource<ChaosExperiment>(def('ChaosExperiment'));
  const post = (path: string) => cluster.fetch(path, { method: 'POST' });
  /** Milliseconds of one GET of a namespace through the apiserver (one store `get`). */
  const timedGet = async () => {
    const startedAt = performance.now();
    const res = await cluster.fetch(`/api/v1/namespaces/demo`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET namespace: ${res.status}`);
    return performance.now() - startedAt;
  };
  const medianGet = async (samples = 9) => {
    const times: number[] = [];
    for (let i = 0; i < samples; i++) times.push(await timedGet());
    return median(times);
  };
  const metrics = async () => (await cluster.fetch(`/metrics`)).text();
  /** Mean seconds of the namespace GETs observed between two scrapes, from a histogram's _sum and _count. */
  const meanBetween = (before: string, after: string, name: string, labels: Record<string, string>) =>
    (metricSum(after, `${name}_sum`, labels) - metricSum(before, `${name}_sum`, labels)) /
    (metricSum(after, `${name}_count`, labels) - metricSum(before, `${name}_count`, labels));

  beforeAll(async () => {
    await buildDist();
    redis = createTestRedis('chaos-control-plane');
    cluster = new ClusterProcesses(redis);
    apiserver = await start('apiserver', 'APISERVER_PORT');
    controllerManager = await start('controller-manager', 'CONTROLLER_MANAGER_PORT', {
      LEADER_ELECT: 'false',
      CHAOS_MAX_INJECTIONS_PER_MINUTE: '1000',
    });
    client = new ApiClient({
      baseUrl: apiserver.url,
      userAgent: 'chaos-control-plane-e2e',
      token: cluster.credentials.adminToken,
    });
    const created = await cluster.fetch(`/api/v1/namespaces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } }),
    });
    expect(created.status).toBe(201);
    // The controller-manager's ServiceAccount controller starts by creating a `default` account in
    // every namespace (each create reads its namespace from the store): let that settle first, so
    // the namespace reads measured below are the test's own.
    await waitFor(
      async () => {
        const namespaces = (await client.resource(def('Namespace')).list()).items;
        const accounts = (await client.resource(def('ServiceAccount')).list()).items;
        const served = new Set(
          accounts.filter((a) => a.metadata.name === 'default').map((a) => a.metadata.namespace),
        );
        return namespaces.every((n) => served.has(n.metadata.name));
      },
      10_000,
      'a default ServiceAccount in every namespace',
    );
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    await redis?.cleanup();
  }, 30_000);

  it('store-latency: 422 naming the fields when the delay is missing or the duration is 0', async () => {
    const res = await post('/chaos/v1/store-latency?namespace=demo&duration=0s&operations=get,scan');
    expect(res.status).toBe(422);
    const body = (await res.json()) as { details: { causes: { field: string }[] } };
    expect(body.details.causes.map((c) => c.field).sort()).toEqual([
      'spec.duration',
      'spec.storeLatency.delay',
      'spec.storeLatency.operations[1]',
    ]);
  });

  it('store-latency: a GET through the apiserver is slower by about the delay during the run, fast again after', async () => {
    const baselineMs = await medianGet();
    const before = await metrics();
    const res = await post(
      `/chaos/v1/store-latency?namespace=demo&name=slow-store&delay=${DELAY_MS}ms&duration=${DURATION_MS}ms`,
    );
    expect(res.status).toBe(201);
    const injected = await waitFor(
      async () => {
        const e = await experiments().get('slow-store', 'demo');
        return e.status?.phase === 'Injected' && e;
      },
      10_000,
      'slow-store Injected',
    );
    const injectedAt = Date.parse(injected.status!.injectedAt!);
    expect(injected.status!.affected).toEqual([
      { apiVersion: 'v1', kind: 'ComponentStatus', name: 'apiserver' },
    ]);
    const duringMs = await medianGet();
    const during = await metrics();
    // About the delay: at least 80% of it on top of the baseline, and not wildly more.
    expect(duringMs - baselineMs).toBeGreaterThanOrEqual(DELAY_MS * 0.8);
    expect(duringMs - baselineMs).toBeLessThan(DELAY_MS * 3);
    const storeMean = meanBetween(before, during, 'orchestra_store_operation_duration_seconds', {
      operation: 'get',
      resource: 'namespaces',
    });
    const requestMean = meanBetween(before, during, 'apiserver_request_duration_seconds', {
      verb: 'GET',
      resource: 'namespaces',
    });
    expect(storeMean).toBeGreaterThanOrEqual((DELAY_MS * 0.8) / 1000);
    expect(requestMean).toBeGreaterThanOrEqual((DELAY_MS * 0.8) / 1000);

    // Watches and the dispatcher keep working, slower: a ReplicaSet created now gets its pod (the
    // controller-manager hears of it through its watch and its queue, and writes the pod).
    const createdAt = Date.now();
    const rs = await cluster.fetch(`/apis/apps/v1/namespaces/demo/replicasets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'during-latency', namespace: 'demo' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'during-latency' } },
          template: {
            metadata: { labels: { app: 'during-latency' } },
            spec: { containers: [{ name: 'web', image: 'orchestra/web' }] },
          },
        },
      }),
    });
    expect(rs.status).toBe(201);
    await waitFor(
      async () => {
        const res = await cluster.fetch(`/api/v1/namespaces/demo/pods?labelSelector=app=during-latency`);
        return ((await res.json()) as { items: unknown[] }).items.length === 1;
      },
      DURATION_MS,
      'a pod for the ReplicaSet created during the run',
    );
    const podAfterMs = Date.now() - createdAt;

    // Never past injectedAt + duration: fast again once it is over, whatever the controller does.
    const end = injectedAt + DURATION_MS;
    await new Promise((r) => setTimeout(r, Math.max(0, end - Date.now()) + 100));
    const afterMs = await medianGet();
    expect(afterMs - baselineMs).toBeLessThan(DELAY_MS / 2);

    const done = await waitFor(
      async () => {
        const e = await experiments().get('slow-store', 'demo');
        return ['Recovered', 'Failed'].includes(e.status?.phase ?? '') && e;
      },
      15_000,
      'slow-store to finish',
    );
    expect(done.status).toMatchObject({ phase: 'Recovered', verdict: 'Passed' });
    expect(done.status!.steadyState!.apiserver!.boundSeconds).toBeGreaterThanOrEqual(DELAY_MS / 2 / 1000);
    // Detected once a timed GET was over the bound; recovered when one was back under it.
    expect(done.status!.timeToDetectSeconds).toBeLessThan(3);
    expect(done.status!.timeToRecoverSeconds).toBeLessThan(3);
    console.log(
      `store-latency ${DELAY_MS}ms: GET median ${baselineMs.toFixed(1)} ms before, ${duringMs.toFixed(1)} ms during, ` +
        `${afterMs.toFixed(1)} ms after; a ReplicaSet created during it had its pod after ${podAfterMs} ms; store get mean ${(storeMean * 1000).toFixed(0)} ms, request mean ` +
        `${(requestMean * 1000).toFixed(0)} ms; timeToDetect ${done.status!.timeToDetectSeconds}s, ` +
        `timeToRecover ${done.status!.timeToRecoverSeconds}s`,
    );
  }, 60_000);

  it('store-latency ends at injectedAt + duration even with the controller-manager SIGKILLed', async () => {
    const baselineMs = await medianGet(5);
    const res = await post(
      `/chaos/v1/store-latency?namespace=demo&name=orphaned-latency&delay=${DELAY_MS}ms&duration=3s`,
    );
    expect(res.status).toBe(201);
    const injected = await waitFor(
      async () => {
        const e = await experiments().get('orphaned-latency', 'demo');
        return e.status?.phase === 'Injected' && e;
      },
      10_000,
      'orphaned-latency Injected',
    );
    const end = Date.parse(injected.status!.injectedAt!) + 3_000;
    await controllerManager.kill();
    cluster.processes.splice(cluster.processes.indexOf(controllerManager), 1);
    expect((await medianGet(3)) - baselineMs).toBeGreaterThanOrEqual(DELAY_MS * 0.8);
    await new Promise((r) => setTimeout(r, Math.max(0, end - Date.now()) + 100));
    // Still Injected (no controller to move it on), yet the apiserver is fast again.
    expect((await experiments().get('orphaned-latency', 'demo')).status?.phase).toBe('Injected');
    expect((await medianGet(5)) - baselineMs).toBeLessThan(DELAY_MS / 2);
    // A new controller-manager resumes the run from its status and ends it.
    controllerManager = await start('controller-manager', 'CONTROLLER_MANAGER_PORT', {
      LEADER_ELECT: 'false',
      CHAOS_MAX_INJECTIONS_PER_MINUTE: '1000',
    });
    const done = await waitFor(
      async () => {
        const e = await experiments().get('orphaned-latency', 'demo');
        return ['Recovered', 'Failed'].includes(e.status?.phase ?? '') && e;
      },
      20_000,
      'orphaned-latency to finish under the new controller-manager',
    );
    expect(done.status).toMatchObject({ phase: 'Recovered', verdict: 'Passed' });
  }, 60_000);

  it("queue-stall: the chaos controller's own queue is refused (422 naming the field)", async () => {
    const res = await post(
      '/chaos/v1/queue-stall?namespace=demo&component=controller-manager&queues=replicaset,chaos',
    );
    expect(res.status).toBe(422);
    const body = (await res.json()) as { details: { causes: { field: string; message: string }[] } };
    expect(body.details.causes).toEqual([
      expect.objectContaining({
        field: 'spec.queueStall.queues[1]',
        message: expect.stringMatching(/never stalled/),
      }),
    ]);
  });

  it('queue-stall: a scale-up waits in the replicaset queue for the stall to end, then is acted on', async () => {
    const STALL_MS = 4_000;
    const rsPath = '/apis/apps/v1/namespaces/demo/replicasets';
    const podCount = async () => {
      const res = await cluster.fetch(`/api/v1/namespaces/demo/pods?labelSelector=app=stalled`);
      const list = (await res.json()) as { items: { metadata: { deletionTimestamp?: string } }[] };
      return list.items.filter((p) => !p.metadata.deletionTimestamp).length;
    };
    const cmMetrics = async () => (await fetch(`${controllerManager.url}/metrics`)).text();
    const created = await cluster.fetch(rsPath, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'stalled', namespace: 'demo' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'stalled' } },
          template: {
            metadata: { labels: { app: 'stalled' } },
            spec: { containers: [{ name: 'web', image: 'orchestra/web' }] },
          },
        },
      }),
    });
    expect(created.status).toBe(201);
    await waitFor(async () => (await podCount()) === 1, 10_000, 'the ReplicaSet to have its 1 pod');

    const res = await post(
      `/chaos/v1/queue-stall?namespace=demo&name=stall-rs&component=controller-manager&queues=replicaset&duration=${STALL_MS}ms`,
    );
    expect(res.status).toBe(201);
    const injected = await waitFor(
      async () => {
        const e = await experiments().get('stall-rs', 'demo');
        return e.status?.phase === 'Injected' && e;
      },
      10_000,
      'stall-rs Injected',
    );
    const end = Date.parse(injected.status!.injectedAt!) + STALL_MS;
    // Give the controller-manager's informer a moment to see the run Injected.
    await new Promise((r) => setTimeout(r, 300));
    const scaled = await cluster.fetch(`${rsPath}/stalled`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ spec: { replicas: 3 } }),
    });
    expect(scaled.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(Date.now()).toBeLessThan(end);
    expect(await podCount()).toBe(1);
    const during = await cmMetrics();
    const waitingDuring = metricSum(during, 'orchestra_queue_jobs', {
      queue: 'replicaset',
      state: 'waiting',
    });
    const depthDuring = metricSum(during, 'workqueue_depth', { name: 'replicaset' });
    expect(waitingDuring).toBeGreaterThanOrEqual(1);
    expect(depthDuring).toBeGreaterThanOrEqual(1);

    // Acted on soon after the end: the drain time is from the stall's end to the 3 pods.
    await waitFor(async () => (await podCount()) === 3, STALL_MS + 10_000, 'the scale-up after the stall');
    const drainMs = Date.now() - end;
    expect(drainMs).toBeGreaterThanOrEqual(0);
    expect(drainMs).toBeLessThan(2_000);
    await waitFor(
      async () => metricSum(await cmMetrics(), 'workqueue_depth', { name: 'replicaset' }) === 0,
      5_000,
      'the replicaset queue drained',
    );
    const done = await waitFor(
      async () => {
        const e = await experiments().get('stall-rs', 'demo');
        return ['Recovered', 'Failed'].includes(e.status?.phase ?? '') && e;
      },
      15_000,
      'stall-rs to finish',
    );
    expect(done.status).toMatchObject({ phase: 'Recovered', verdict: 'Passed' });
    expect(done.status!.affected).toEqual([
      { apiVersion: 'v1', kind: 'ComponentStatus', name: 'controller-manager' },
    ]);
    expect(done.status!.steadyState!.queues).toEqual([{ name: 'replicaset', waitingBefore: 0 }]);
    // Detected: a reading during the stall saw the scale-up's job waiting.
    expect(done.status!.timeToDetectSeconds).toBeLessThan(STALL_MS / 1000);
    console.log(
      `queue-stall ${STALL_MS} ms on replicaset: ${waitingDuring} job(s) waiting during (workqueue_depth ${depthDuring}); ` +
        `scale-up acted on ${drainMs} ms after the stall's end; timeToDetect ${done.status!.timeToDetectSeconds}s, ` +
        `timeToRecover ${done.status!.timeToRecoverSeconds}s`,
    );
  }, 60_000);
});
