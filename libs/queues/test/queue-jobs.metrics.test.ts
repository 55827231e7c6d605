/**
 * orchestra_queue_jobs{queue,state} against a real Redis: the job counts of the queues a process
 * consumes, by state, as Prometheus scrapes them; and what a scrape of 1,000 node queues (a
 * kubelet in bench:nodes) costs.
 */
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import {
  ControllerLoop,
  MultiQueueConsumer,
  queuePrefix,
  TerminalError,
  WorkQueue,
  workqueueMetrics,
} from '../src';
import { metricSum } from '../../../tools/testing/component-process';
import { createTestRedis, TestRedis } from '../../../tools/testing/test-redis';
import { captureLogger, gate, newLoop, ScriptedReconciler, waitFor } from './queue-test-kit';

describe('orchestra_queue_jobs', () => {
  let redis: TestRedis;

  beforeAll(() => {
    redis = createTestRedis('queue-jobs');
  });
  afterAll(() => redis.cleanup());

  const jobs = (body: string, queue: string, state: string) =>
    metricSum(body, 'orchestra_queue_jobs', { queue, state });

  it("counts a controller queue's jobs by state: waiting, delayed, failed, and active during a slow reconcile", async () => {
    const registry = new Registry();
    const slow = gate();
    const reconciler = new ScriptedReconciler('jobs', async (run) => {
      if (run.key === 'ns/broken') throw new TerminalError('can never work');
      if (run.key === 'ns/slow') await slow.promise;
    });
    const loop: ControllerLoop = newLoop(redis, 'jobs', reconciler, { registry, concurrency: 1 });
    try {
      await loop.start();
      await loop.queue.add('ns/broken');
      await waitFor(() => reconciler.runsOf('ns/broken').length === 1);
      await loop.queue.add('ns/slow');
      await waitFor(() => reconciler.runsOf('ns/slow').length === 1);
      // One worker, busy: these wait.
      await loop.queue.addMany([{ key: 'ns/a' }, { key: 'ns/b' }, { key: 'ns/later', delayMs: 60_000 }]);

      const during = await waitFor2(async () => {
        const body = await registry.metrics();
        return jobs(body, 'jobs', 'failed') === 1 && body;
      });
      expect(jobs(during, 'jobs', 'waiting')).toBe(2);
      expect(jobs(during, 'jobs', 'active')).toBe(1);
      expect(jobs(during, 'jobs', 'delayed')).toBe(1);
      expect(jobs(during, 'jobs', 'prioritized')).toBe(0);
      // workqueue_depth is the jobs not yet taken: waiting and delayed.
      expect(metricSum(during, 'workqueue_depth', { name: 'jobs' })).toBe(3);

      slow.open();
      const after = await waitFor2(async () => {
        const body = await registry.metrics();
        return jobs(body, 'jobs', 'active') + jobs(body, 'jobs', 'waiting') === 0 && body;
      });
      expect(jobs(after, 'jobs', 'delayed')).toBe(1);
      expect(jobs(after, 'jobs', 'failed')).toBe(1);
    } finally {
      slow.open();
      await loop.queue.queue.obliterate({ force: true });
      await loop.stop();
    }
    // A queue no longer consumed has no series.
    expect(await registry.metrics()).not.toContain('queue="jobs"');
  });

  it('reads 1,000 node queues with a few script calls per scrape', async () => {
    const registry = new Registry();
    const prefix = queuePrefix(redis.prefix);
    const names = Array.from({ length: 1000 }, (_, i) => `kubelet-node-${i}`);
    const consumer = new MultiQueueConsumer({
      connection: redis.client,
      prefix,
      metricsName: 'kubelet',
      registry,
      logger: captureLogger().logger,
      handle: () => undefined,
    });
    for (const name of names) consumer.add(name); // not started: the jobs stay where they are
    const producers = ['kubelet-node-0', 'kubelet-node-999'].map(
      (name) => new WorkQueue(name, { connection: redis.client, prefix }),
    );
    try {
      await producers[0].addMany([{ key: 'ns/p1' }, { key: 'ns/p2' }]);
      await producers[1].add('ns/p3', { delayMs: 60_000 });

      const gauge = registry.getSingleMetric('orchestra_queue_jobs')!;
      const timings: number[] = [];
      let values: Awaited<ReturnType<typeof gauge.get>>['values'] = [];
      for (let i = 0; i < 20; i++) {
        const startedAt = performance.now();
        values = (await gauge.get()).values;
        timings.push(performance.now() - startedAt);
      }
      const value = (queue: string, state: string) =>
        values.find((v) => v.labels.queue === queue && v.labels.state === state)?.value;
      expect(values).toHaveLength(1000 * 5);
      expect(value('kubelet-node-0', 'waiting')).toBe(2);
      expect(value('kubelet-node-999', 'delayed')).toBe(1);
      expect(value('kubelet-node-500', 'waiting')).toBe(0);

      // The same counts through BullMQ's getJobCounts, a script call per queue, for comparison.
      const queues = names.map((name) => new Queue(name, { connection: redis.client, prefix }));
      const viaBullmq: number[] = [];
      for (let i = 0; i < 5; i++) {
        const startedAt = performance.now();
        await Promise.all(
          queues.map((q) => q.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed')),
        );
        viaBullmq.push(performance.now() - startedAt);
      }
      await Promise.all(queues.map((q) => q.close()));

      const scrapeStartedAt = performance.now();
      const body = await registry.metrics();
      const scrapeMs = performance.now() - scrapeStartedAt;
      // The kubelet's workqueue_depth: every node queue's waiting and delayed jobs.
      expect(metricSum(body, 'workqueue_depth', { name: 'kubelet' })).toBe(3);

      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      console.log(
        `1,000 queues: orchestra_queue_jobs collect median ${median(timings).toFixed(1)} ms ` +
          `(getJobCounts per queue: ${median(viaBullmq).toFixed(1)} ms); whole /metrics text ${scrapeMs.toFixed(1)} ms, ` +
          `${body.length} bytes`,
      );
      // 5,000 O(1) commands in one round trip; generous for a loaded machine.
      expect(median(timings)).toBeLessThan(250);
    } finally {
      await consumer.stop();
      for (const producer of producers) {
        await producer.queue.obliterate({ force: true });
        await producer.close();
      }
    }
  }, 60_000);
});

describe('orchestra_queue_jobs without Redis', () => {
  it('still lets a scrape answer, within the read timeout, keeping the last counts', async () => {
    // Nothing listens on port 1: commands wait in the offline queue, as when Redis is away.
    const connection = new Redis('redis://127.0.0.1:1', {
      maxRetriesPerRequest: null,
      retryStrategy: () => 100,
    });
    connection.on('error', () => undefined);
    const registry = new Registry();
    const metrics = workqueueMetrics(registry);
    metrics.queueJobs.set({ queue: 'away', state: 'waiting' }, 7); // as left by an earlier scrape
    metrics.consumedQueues.add('away', { connection, prefix: '{away}:queues' });
    try {
      for (let scrape = 0; scrape < 2; scrape++) {
        const startedAt = Date.now();
        const body = await registry.metrics();
        expect(Date.now() - startedAt).toBeLessThan(3_000);
        expect(metricSum(body, 'orchestra_queue_jobs', { queue: 'away', state: 'waiting' })).toBe(7);
      }
    } finally {
      connection.disconnect();
    }
  }, 20_000);
});

/** Polls until `check` returns a value, then returns it. */
async function waitFor2<T>(check: () => Promise<T | false>, timeoutMs = 10_000): Promise<T> {
  let result: T | false = false;
  await waitFor(async () => (result = await check()) !== false, timeoutMs);
  return result as T;
}
