/**
 * Many queues, two connections: the MultiQueueConsumer against a real Redis. Jobs added to any
 * of its queues (before or after it starts, immediate or delayed) reach the handler once, with
 * their queue's name; nothing is left in Redis; and it holds no blocking connection per queue.
 */
import { Registry } from 'prom-client';
import { MultiQueueConsumer, queuePrefix, ReconcileJob, WorkQueue } from '../src';
import { createTestRedis, TestRedis } from '../../../tools/testing/test-redis';
import { captureLogger, sleep, waitFor } from './queue-test-kit';

describe(MultiQueueConsumer.name, () => {
  let redis: TestRedis;
  let consumer: MultiQueueConsumer | undefined;
  const producers: WorkQueue[] = [];

  beforeAll(() => {
    redis = createTestRedis('mqc');
  });
  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
    for (const producer of producers.splice(0)) {
      await producer.queue.obliterate({ force: true });
      await producer.close();
    }
  });
  afterAll(() => redis.cleanup());

  const start = async (queueNames: string[], handle: (queue: string, job: ReconcileJob) => void) => {
    consumer = new MultiQueueConsumer({
      connection: redis.client,
      prefix: queuePrefix(redis.prefix),
      metricsName: 'test',
      registry: new Registry(),
      logger: captureLogger().logger,
      handle,
      blockTimeoutSeconds: 1,
    });
    for (const name of queueNames) consumer.add(name);
    await consumer.start();
    return consumer;
  };
  const producer = (name: string) => {
    const queue = new WorkQueue(name, { connection: redis.client, prefix: queuePrefix(redis.prefix) });
    producers.push(queue);
    return queue;
  };
  it('hands every job of every queue to the handler once, with its queue name', async () => {
    const names = Array.from({ length: 50 }, (_, i) => `node-${i}`);
    const seen: string[] = [];
    // Jobs already waiting when the consumer starts are taken too.
    await producer('node-0').add('ns/early');
    const before = Number((await redis.client.info('clients')).match(/connected_clients:(\d+)/)![1]);
    await start(names, (queue, job) => void seen.push(`${queue}:${job.key}`));
    const after = Number((await redis.client.info('clients')).match(/connected_clients:(\d+)/)![1]);
    // One blocking connection for all 50 queues (a Worker each would have opened 50 or more).
    expect(after - before).toBeLessThanOrEqual(2);

    for (const name of names) await producer(name).add(`ns/pod-of-${name}`);
    const expected = [...names.map((n) => `${n}:ns/pod-of-${n}`), 'node-0:ns/early'].sort();
    await waitFor(() => seen.length >= expected.length);
    await sleep(200);
    expect([...seen].sort()).toEqual(expected);
    for (const p of producers) {
      const counts = await p.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
      expect(counts).toEqual({ waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 });
    }
  });

  it('takes a delayed job when it becomes due, not before', async () => {
    const seenAt: number[] = [];
    await start(['late'], () => void seenAt.push(Date.now()));
    const addedAt = Date.now();
    await producer('late').add('ns/later', { delayMs: 700 });
    await waitFor(() => seenAt.length === 1, 5_000);
    expect(seenAt[0] - addedAt).toBeGreaterThanOrEqual(650);
    expect(seenAt[0] - addedAt).toBeLessThan(2_500);
  });

  it('fails a job whose handler throws, for good, and goes on with the next', async () => {
    const seen: string[] = [];
    await start(['flaky'], (_queue, job) => {
      if (job.key === 'ns/bad') throw new Error('cannot handle ns/bad');
      seen.push(job.key);
    });
    const queue = producer('flaky');
    await queue.add('ns/bad');
    await queue.add('ns/good');
    await waitFor(() => seen.includes('ns/good'));
    await waitFor(async () => (await queue.queue.getJobCounts('failed')).failed === 1);
    const [failed] = await queue.queue.getFailed();
    expect(failed.failedReason).toBe('cannot handle ns/bad');
    expect(failed.attemptsMade).toBe(1);
  });

  it('stops promptly while blocked, and takes nothing afterwards', async () => {
    const seen: string[] = [];
    const c = await start(['quiet'], (_queue, job) => void seen.push(job.key));
    const stoppedAt = Date.now();
    await c.stop();
    consumer = undefined;
    expect(Date.now() - stoppedAt).toBeLessThan(1_500);
    await producer('quiet').add('ns/after-stop');
    await sleep(300);
    expect(seen).toEqual([]);
  });
});
