/**
 * The change dispatcher end to end: writes through HTTP become jobs (keys) on the right BullMQ
 * queues, in the trace of the request that made the change (BullMQ's telemetry, so this process
 * traces); changes survive a dispatcher that dies between reading and enqueueing.
 */
import { createLogger } from '@orchestra/observability';
import { jobTraceparent, kubeletQueueName, queuePrefix, QueueName } from '@orchestra/queues';
import { ChangeEvent, StoreKeys } from '@orchestra/store';
import { Queue } from 'bullmq';
import { Registry } from 'prom-client';
import { ChangeDispatcherService, dispatcherGroup } from '../src/dispatch/change-dispatcher.service';
import { call, startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { startInProcessTracing, traceIdOf } from '../../../tools/testing/in-process-tracing';

const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
startInProcessTracing();

describe('change dispatcher (e2e)', () => {
  let api: TestApiserver;
  const queues = new Map<string, Queue>();
  const extraDispatchers: ChangeDispatcherService[] = [];

  beforeAll(async () => {
    api = await startTestApiserver('dispatch');
  });

  afterEach(async () => {
    for (const dispatcher of extraDispatchers.splice(0)) await dispatcher.stop();
  });

  afterAll(async () => {
    for (const queue of queues.values()) {
      await queue.obliterate({ force: true });
      await queue.close();
    }
    await api.close();
  });

  function queue(name: string): Queue {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: api.redis.client, prefix: queuePrefix(api.redis.prefix) });
      queues.set(name, q);
    }
    return q;
  }

  /**
   * The waiting jobs' keys of a queue, restricted to one namespace; `trace: 'request'` for a job
   * in the trace of the test's requests that carried `traceparent`.
   */
  async function jobsIn(name: string, namespace: string): Promise<{ key: string; trace?: 'request' }[]> {
    const jobs = await queue(name).getJobs(['waiting', 'delayed']);
    return jobs
      .map((job) => {
        const { key } = job.data as { key: string };
        const inRequestTrace = traceIdOf(jobTraceparent(job)) === traceIdOf(traceparent);
        return inRequestTrace ? { key, trace: 'request' as const } : { key };
      })
      .filter((data) => data.key.split('/').includes(namespace))
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await check();
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  async function createNamespace(name: string): Promise<void> {
    const res = await call(api.url, 'POST', '/api/v1/namespaces', { metadata: { name } });
    expect(res.status).toBe(201);
  }

  async function createPod(ns: string, name: string, extra: { nodeName?: string; owner?: string } = {}) {
    const ownerReferences = extra.owner
      ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: extra.owner, uid: 'rs-uid', controller: true }]
      : undefined;
    const res = await call(
      api.url,
      'POST',
      `/api/v1/namespaces/${ns}/pods`,
      {
        metadata: { name, ownerReferences },
        spec: { nodeName: extra.nodeName, containers: [{ name: 'c', image: 'busybox' }] },
      },
      { traceparent },
    );
    expect(res.status).toBe(201);
  }

  function dispatcher(consumer: string, claimIdleMs = 30_000): ChangeDispatcherService {
    const instance = new ChangeDispatcherService({
      redis: api.redis.client,
      keyPrefix: api.redis.prefix,
      registry: new Registry(),
      logger: createLogger({ component: 'test', level: 'error' }),
      consumer,
      claimIdleMs,
      blockMs: 100,
    });
    extraDispatchers.push(instance);
    return instance;
  }

  /** A dispatcher that reads entries and then dies before enqueueing them. */
  class CrashingDispatcher extends ChangeDispatcherService {
    delivered = 0;
    protected override async dispatch(events: ChangeEvent[]): Promise<void> {
      this.delivered += events.length;
      throw new Error('simulated crash between read and enqueue');
    }
  }

  async function pendingOf(consumer: string): Promise<number> {
    const changeLog = new StoreKeys(api.redis.prefix).changeLog;
    const [, , , consumers] = (await api.redis.client.xpending(changeLog, dispatcherGroup)) as [
      number,
      string,
      string,
      [string, string][] | null,
    ];
    return Number(consumers?.find(([name]) => name === consumer)?.[1] ?? 0);
  }

  it('routes namespaces, ReplicaSets and pods to their queues, with keys and trace context only', async () => {
    await createNamespace('team-a');
    const rs = await call(api.url, 'POST', '/apis/apps/v1/namespaces/team-a/replicasets', {
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    });
    expect(rs.status).toBe(201);
    await createPod('team-a', 'web-1', { owner: 'web' });
    await createPod('team-a', 'bound', { nodeName: 'node-1' });

    await eventually(async () => {
      expect(await jobsIn(QueueName.Namespace, 'team-a')).toEqual([{ key: 'team-a' }]);
      expect(await jobsIn(QueueName.ReplicaSet, 'team-a')).toEqual([{ key: 'team-a/web' }]);
      expect(await jobsIn(QueueName.Scheduler, 'team-a')).toEqual([
        { key: 'team-a/web-1', trace: 'request' },
      ]);
      expect(await jobsIn(kubeletQueueName('node-1'), 'team-a')).toEqual([
        { key: 'team-a/bound', trace: 'request' },
      ]);
      expect((await jobsIn(QueueName.GarbageCollector, 'team-a')).map((job) => job.key)).toEqual([
        'pods/team-a/web-1',
        'replicasets/team-a/web',
      ]);
      expect(await jobsIn(QueueName.Deployment, 'team-a')).toEqual([]);
    });
    const metrics = await call(api.url, 'GET', '/metrics');
    expect(metrics.body).toMatch(/orchestra_dispatcher_jobs_total\{queue="scheduler"[^}]*\} \d+/);
    expect(metrics.body).toMatch(/orchestra_dispatcher_pending_entries\{[^}]*\} 0/);
    expect(metrics.body).toMatch(/workqueue_adds_total\{name="replicaset"[^}]*\} \d+/);
  });

  it('delivers changes written while no dispatcher runs, from the persisted cursor', async () => {
    await api.app.get(ChangeDispatcherService).stop();
    await createNamespace('team-b');
    await createPod('team-b', 'p1');
    await createPod('team-b', 'p2');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await jobsIn(QueueName.Scheduler, 'team-b')).toEqual([]);

    await dispatcher('after-restart').start();
    await eventually(async () => {
      expect((await jobsIn(QueueName.Scheduler, 'team-b')).map((job) => job.key)).toEqual([
        'team-b/p1',
        'team-b/p2',
      ]);
    });
  });

  it('re-delivers what a dispatcher read but never enqueued: to itself on restart, or to another once idle (30 s by default)', async () => {
    await api.app.get(ChangeDispatcherService).stop();
    await createNamespace('team-c');
    // Entries each crashing consumer reads: the namespace and two pods, then two pods.
    for (const [consumer, pods, entries] of [
      ['same-name', ['c1', 'c2'], 3],
      ['died', ['c3', 'c4'], 2],
    ] as const) {
      for (const pod of pods) await createPod('team-c', pod);
      const crashing = new CrashingDispatcher({
        redis: api.redis.client,
        keyPrefix: api.redis.prefix,
        registry: new Registry(),
        logger: createLogger({ component: 'test', level: 'error' }),
        consumer,
        blockMs: 100,
      });
      extraDispatchers.push(crashing);
      await crashing.start();
      await eventually(async () => expect(await pendingOf(consumer)).toBe(entries));
      await crashing.stop();
    }
    expect(await jobsIn(QueueName.Scheduler, 'team-c')).toEqual([]);

    // The same consumer name (a restart) reads its own pending entries first.
    await dispatcher('same-name').start();
    await eventually(async () => {
      expect((await jobsIn(QueueName.Scheduler, 'team-c')).map((job) => job.key)).toEqual([
        'team-c/c1',
        'team-c/c2',
      ]);
    });
    expect(await pendingOf('died')).toBe(2);

    // Another consumer claims the dead one's entries once they have been idle long enough.
    await dispatcher('rescuer', 300).start();
    await eventually(async () => {
      expect((await jobsIn(QueueName.Scheduler, 'team-c')).map((job) => job.key)).toEqual([
        'team-c/c1',
        'team-c/c2',
        'team-c/c3',
        'team-c/c4',
      ]);
      expect(await pendingOf('died')).toBe(0);
    });
  });
});
