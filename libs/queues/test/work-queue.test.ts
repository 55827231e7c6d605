/**
 * client-go workqueue semantics on BullMQ, against a real Redis: merge while waiting, one more
 * reconcile for adds during a reconcile, never one key on two workers, nothing piles up.
 */
import { ControllerLoop, WorkQueue } from '../src';
import { startInProcessTracing, testTraceparent, traceIdOf } from '../../../tools/testing/in-process-tracing';
import { createTestRedis, TestRedis } from '../../../tools/testing/test-redis';
import { gate, newLoop, ScriptedReconciler, settled, sleep, waitFor } from './queue-test-kit';

// Which add a job kept shows as the trace its reconcile runs in.
startInProcessTracing();
const traceOf = (n: number) => traceIdOf(testTraceparent(n));

describe(WorkQueue.name, () => {
  let redis: TestRedis;
  const loops: ControllerLoop[] = [];

  beforeAll(() => {
    redis = createTestRedis('wq');
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

  function loopFor(queueName: string, reconciler: ScriptedReconciler, concurrency?: number): ControllerLoop {
    const loop = newLoop(redis, queueName, reconciler, { concurrency });
    loops.push(loop);
    return loop;
  }

  it('reconciles a key added 100 times while it waits once', async () => {
    const reconciler = new ScriptedReconciler('merge');
    const loop = loopFor('merge', reconciler);
    for (let i = 0; i < 100; i++) await loop.queue.add('default/web', { traceparent: testTraceparent(i) });
    expect(await loop.queue.depth()).toBe(1);

    await loop.start();
    await settled(loop, reconciler);

    expect(reconciler.runs.map((run) => run.key)).toEqual(['default/web']);
    // The first add wins while waiting (its job is the one that runs).
    expect(traceIdOf(reconciler.runs[0].ctx.traceparent)).toBe(traceOf(0));
  });

  it('reconciles exactly once more when a key is added 5 times during its reconcile', async () => {
    const hold = gate();
    const reconciler = new ScriptedReconciler('during', async (_run, index) => {
      if (index === 0) await hold.promise;
    });
    const loop = loopFor('during', reconciler);
    await loop.queue.add('default/web', { traceparent: testTraceparent(100) });
    await loop.start();
    await waitFor(() => reconciler.runs.length === 1);

    for (let i = 0; i < 5; i++) await loop.queue.add('default/web', { traceparent: testTraceparent(i) });
    await sleep(100);
    expect(reconciler.runs).toHaveLength(1); // never a second reconcile of the key meanwhile
    hold.open();
    await settled(loop, reconciler);

    expect(reconciler.runs.map((run) => traceIdOf(run.ctx.traceparent))).toEqual([traceOf(100), traceOf(4)]);
    expect(reconciler.maxInFlightPerKey).toBe(1);
  });

  it("drops a resync's add during a reconcile, and never lets it replace the change remembered", async () => {
    const hold = gate();
    const reconciler = new ScriptedReconciler('background', async (_run, index) => {
      if (index === 0) await hold.promise;
    });
    const loop = loopFor('background', reconciler);
    await loop.queue.add('default/web', { traceparent: testTraceparent(200) });
    await loop.start();
    await waitFor(() => reconciler.runs.length === 1);
    // default/web is being reconciled: a change comes, then the resync.
    await loop.queue.add('default/web', { traceparent: testTraceparent(201) });
    await loop.queue.addMany([{ key: 'default/web', background: true }]);
    hold.open();
    await settled(loop, reconciler);
    expect(reconciler.runsOf('default/web').map((run) => traceIdOf(run.ctx.traceparent))).toEqual([
      traceOf(200),
      traceOf(201),
    ]);

    // With nothing remembered, a resync's add during a reconcile adds nothing either.
    const runs = reconciler.runs.length;
    const again = gate();
    const slow = new ScriptedReconciler('background-only', async () => again.promise);
    const other = loopFor('background-only', slow);
    await other.queue.add('default/web');
    await other.start();
    await waitFor(() => slow.runs.length === 1);
    await other.queue.addMany([{ key: 'default/web', background: true }]);
    again.open();
    await settled(other, slow);
    expect(slow.runs).toHaveLength(1);
    expect(reconciler.runs).toHaveLength(runs);
  });

  it('never runs one key on two workers at once, and never loses the last add', async () => {
    const reconciler = new ScriptedReconciler('concurrent', () => sleep(5 + Math.random() * 15));
    const first = loopFor('concurrent', reconciler, 4);
    const second = loopFor('concurrent', reconciler, 4);
    await Promise.all([first.start(), second.start()]);

    const keys = ['a/one', 'a/two', 'a/three', 'b/one', 'b/two'];
    const lastAdd = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const key = keys[i % keys.length];
      lastAdd.set(key, Date.now());
      await (i % 2 ? first : second).queue.add(key);
      if (i % 10 === 0) await sleep(3);
    }
    await settled(first, reconciler);

    expect(reconciler.maxInFlightPerKey).toBe(1);
    for (const key of keys) {
      // Level-triggered: some reconcile of the key started after its last add.
      expect(reconciler.runsOf(key).some((run) => run.startedAt >= lastAdd.get(key)!)).toBe(true);
    }
    expect(reconciler.runs.length).toBeLessThan(300); // adds were merged
  });

  it('keeps no completed jobs and no deduplication keys once at rest', async () => {
    const reconciler = new ScriptedReconciler('rest');
    const loop = loopFor('rest', reconciler, 4);
    await loop.start();
    await loop.queue.addMany(Array.from({ length: 50 }, (_, i) => ({ key: `default/pod-${i}` })));
    await settled(loop, reconciler);

    expect(reconciler.runs).toHaveLength(50);
    const counts = await loop.queue.queue.getJobCounts();
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    const [, leftovers] = await redis.client.scan(
      '0',
      'MATCH',
      `${redis.prefix}:queues:rest:*`,
      'COUNT',
      10_000,
    );
    // Only the queue's bookkeeping (id counter, events, meta, ...) remains: no job hashes, no `de:`/`dn:`.
    expect(leftovers.filter((k) => /:rest:(\d+|de:.*|dn:.*)$/.test(k))).toEqual([]);
  });
});
