/**
 * Chaos queue-stall in the loop, against a real Redis: a stalled queue takes no new keys (the
 * reconcile in flight finishes), its backlog shows in workqueue_depth, and it drains once the stall
 * ends on its own at its end time; the chaos queue is never stalled.
 */
import { Registry } from 'prom-client';
import { ControllerLoop, queuePrefix, QueueStallGate } from '../src';
import { createTestRedis, TestRedis } from '../../../tools/testing/test-redis';
import { captureLogger, gate, ScriptedReconciler, sleep, waitFor } from './queue-test-kit';

describe('ControllerLoop under a queue stall', () => {
  let redis: TestRedis;
  const loops: ControllerLoop[] = [];

  beforeAll(() => {
    redis = createTestRedis('stall');
  });

  afterEach(async () => {
    for (const loop of loops.splice(0)) {
      await loop.queue.queue.obliterate({ force: true });
      await loop.stop();
    }
  });

  afterAll(async () => {
    await redis.cleanup();
  });

  const loopFor = (
    name: string,
    reconciler: ScriptedReconciler,
    stalls: QueueStallGate,
    registry = new Registry(),
  ) => {
    const loop = new ControllerLoop(name, reconciler, {
      connection: redis.client,
      prefix: queuePrefix(redis.prefix),
      registry,
      logger: captureLogger().logger,
      stalls,
    });
    loops.push(loop);
    return loop;
  };

  it('takes no new keys while stalled, lets the running one finish, and drains after the end', async () => {
    const stalls = new QueueStallGate();
    const held = gate();
    const reconciler = new ScriptedReconciler('stalled', async (run) => {
      if (run.key === 'demo/running') await held.promise;
    });
    const registry = new Registry();
    const loop = loopFor('stalled', reconciler, stalls, registry);
    await loop.start();
    await loop.queue.add('demo/running');
    await waitFor(() => reconciler.runs.length === 1);

    const stallMs = 1_500;
    const until = Date.now() + stallMs;
    stalls.set([{ queues: ['stalled'], until }]);
    held.open(); // in flight when the stall began: it finishes
    await waitFor(() => reconciler.runs[0].endedAt !== undefined);
    for (let i = 0; i < 5; i++) await loop.queue.add(`demo/web-${i}`);
    await sleep(500);
    expect(reconciler.runs).toHaveLength(1);
    expect(await loop.queue.depth()).toBe(5);
    const depth = await registry.getSingleMetric('workqueue_depth')!.get();
    expect(depth.values.find((v) => v.labels.name === 'stalled')?.value).toBe(5);

    await waitFor(() => reconciler.runs.length === 6, 10_000);
    const firstAfter = Math.min(...reconciler.runs.slice(1).map((run) => run.startedAt));
    expect(firstAfter).toBeGreaterThanOrEqual(until);
    expect(firstAfter - until).toBeLessThan(1_000);
    expect(await loop.queue.depth()).toBe(0);
  });

  it('never stalls the chaos queue', async () => {
    const stalls = new QueueStallGate();
    stalls.set([{ queues: [], until: Date.now() + 60_000 }]);
    const reconciler = new ScriptedReconciler('chaos');
    const loop = loopFor('chaos', reconciler, stalls);
    await loop.start();
    await loop.queue.add('demo/experiment');
    await waitFor(() => reconciler.runs.length === 1);
  });

  it('a stall that began before start keeps the worker paused; a leadership resume does not end it', async () => {
    const stalls = new QueueStallGate();
    const until = Date.now() + 1_000;
    stalls.set([{ queues: ['early'], until }]);
    const reconciler = new ScriptedReconciler('early');
    const loop = loopFor('early', reconciler, stalls);
    await loop.start();
    await loop.resume();
    await loop.queue.add('demo/web');
    await sleep(400);
    expect(reconciler.runs).toHaveLength(0);
    await waitFor(() => reconciler.runs.length === 1, 5_000);
    expect(reconciler.runs[0].startedAt).toBeGreaterThanOrEqual(until);
  });
});
