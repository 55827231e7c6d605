/**
 * Chaos queue-stall in the MultiQueueConsumer, against a real Redis: a stalled queue's jobs wait
 * (the other queues go on) and are handled once the stall ends at its end time.
 */
import { Registry } from 'prom-client';
import { MultiQueueConsumer, queuePrefix, QueueStallGate, WorkQueue } from '../src';
import { createTestRedis, TestRedis } from '../../../tools/testing/test-redis';
import { captureLogger, sleep, waitFor } from './queue-test-kit';

describe('MultiQueueConsumer under a queue stall', () => {
  let redis: TestRedis;
  let consumer: MultiQueueConsumer | undefined;
  const producers: WorkQueue[] = [];

  beforeAll(() => {
    redis = createTestRedis('mqc-stall');
  });
  afterEach(async () => {
    await consumer?.stop();
    for (const producer of producers.splice(0)) {
      await producer.queue.obliterate({ force: true });
      await producer.close();
    }
  });
  afterAll(() => redis.cleanup());

  it("leaves a stalled queue's jobs waiting, serves the others, and drains it after the end", async () => {
    const stalls = new QueueStallGate();
    const seen: { key: string; at: number }[] = [];
    consumer = new MultiQueueConsumer({
      connection: redis.client,
      prefix: queuePrefix(redis.prefix),
      metricsName: 'test',
      registry: new Registry(),
      logger: captureLogger().logger,
      handle: (_queue, job) => void seen.push({ key: job.key, at: Date.now() }),
      blockTimeoutSeconds: 1,
      stalls,
    });
    consumer.add('node-a');
    consumer.add('node-b');
    await consumer.start();
    const producer = (name: string) => {
      const queue = new WorkQueue(name, { connection: redis.client, prefix: queuePrefix(redis.prefix) });
      producers.push(queue);
      return queue;
    };
    const a = producer('node-a');
    const b = producer('node-b');

    const until = Date.now() + 1_500;
    stalls.set([{ queues: ['node-a'], until }]);
    await a.add('ns/stalled-1');
    await a.add('ns/stalled-2');
    await b.add('ns/free');
    await waitFor(() => seen.some((s) => s.key === 'ns/free'));
    await sleep(300);
    expect(seen.map((s) => s.key)).toEqual(['ns/free']);
    expect(await a.depth()).toBe(2);

    await waitFor(() => seen.length === 3, 5_000);
    for (const s of seen.filter((x) => x.key.startsWith('ns/stalled'))) {
      expect(s.at).toBeGreaterThanOrEqual(until);
      expect(s.at - until).toBeLessThan(500);
    }
    expect(await a.depth()).toBe(0);
  });
});
