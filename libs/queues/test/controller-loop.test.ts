/** The loop around a reconciler: back-off retries, TerminalError, requeue, pause, metrics, logs. */
import { Registry } from 'prom-client';
import { ControllerLoop, TerminalError } from '../src';
import { startInProcessTracing, testTraceparent, traceIdOf } from '../../../tools/testing/in-process-tracing';
import { createTestRedis, TestRedis } from '../../../tools/testing/test-redis';
import { captureLogger, gate, newLoop, ScriptedReconciler, settled, sleep, waitFor } from './queue-test-kit';

// Which add a job kept shows as the trace its reconcile runs in.
startInProcessTracing();

describe(ControllerLoop.name, () => {
  let redis: TestRedis;
  const loops: ControllerLoop[] = [];

  beforeAll(() => {
    redis = createTestRedis('loop');
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

  function loopFor(
    queueName: string,
    reconciler: ScriptedReconciler,
    extra: Parameters<typeof newLoop>[3] = {},
  ) {
    const loop = newLoop(redis, queueName, reconciler, extra);
    loops.push(loop);
    return loop;
  }

  it('retries errors with growing delays, then succeeds', async () => {
    const registry = new Registry();
    const { logger, lines } = captureLogger();
    const reconciler = new ScriptedReconciler('flaky', async (_run, index) => {
      if (index < 4) throw new Error(`boom ${index}`);
    });
    const loop = loopFor('flaky', reconciler, { registry, logger, baseMs: 40 });
    await loop.start();
    await loop.queue.add('default/web');
    await settled(loop, reconciler);

    expect(reconciler.runs.map((run) => run.ctx.attempt)).toEqual([0, 1, 2, 3, 4]);
    const gaps = reconciler.runs.slice(1).map((run, i) => run.startedAt - reconciler.runs[i].endedAt!);
    [40, 80, 160, 320].forEach((expected, i) => expect(gaps[i]).toBeGreaterThanOrEqual(expected - 5));
    expect(gaps[3]).toBeGreaterThan(gaps[0]);

    const text = await registry.metrics();
    expect(text).toContain('workqueue_retries_total{name="flaky"} 4');
    expect(text).toContain('controller_reconcile_total{controller="flaky",result="error"} 4');
    expect(text).toContain('controller_reconcile_total{controller="flaky",result="success"} 1');
    const errors = lines.filter((line) => line.message === 'reconcile failed');
    expect(errors).toHaveLength(4);
    expect(errors[2]).toMatchObject({
      level: 'error',
      component: 'test-controller',
      controller: 'flaky',
      key: 'default/web',
      attempt: 2,
      retry: true,
      reconcile_id: reconciler.runs[2].ctx.reconcileId,
    });
  });

  it('does not reconcile while inactive (a woken ex-leader), keeps the key, and runs it once resumed', async () => {
    let active = false;
    const reconciler = new ScriptedReconciler('woken', async () => undefined);
    const loop = loopFor('woken', reconciler, { isActive: () => active });
    await loop.start();
    await loop.queue.add('default/web');
    // The job is taken, handed back, and the loop pauses itself.
    await waitFor(async () => (await loop.queue.depth()) === 1);
    await sleep(200);
    expect(reconciler.runs).toHaveLength(0);
    active = true;
    await loop.resume();
    await waitFor(() => reconciler.runs.length === 1);
    expect(reconciler.runs[0].key).toBe('default/web');
  });

  it('does not retry a TerminalError, and keeps the failed job for inspection', async () => {
    const reconciler = new ScriptedReconciler('terminal', async () => {
      throw new TerminalError('spec can never be satisfied');
    });
    const loop = loopFor('terminal', reconciler);
    await loop.start();
    await loop.queue.add('default/bad');
    await waitFor(async () => (await loop.queue.queue.getFailedCount()) === 1);
    await sleep(200);

    expect(reconciler.runs).toHaveLength(1);
    // A later add is a fresh chance: the failed job does not block the key.
    await loop.queue.add('default/bad');
    await waitFor(() => reconciler.runs.length === 2);
  });

  it('reconciles once more after the retry when the key is added during a failing attempt', async () => {
    // Verified BullMQ behaviour: the remembered add survives the retry and runs after it.
    const hold = gate();
    const reconciler = new ScriptedReconciler('fail-during', async (_run, index) => {
      if (index === 0) {
        await hold.promise;
        throw new Error('first attempt fails');
      }
    });
    const loop = loopFor('fail-during', reconciler);
    await loop.start();
    await loop.queue.add('default/web', { traceparent: testTraceparent(1) });
    await waitFor(() => reconciler.runs.length === 1);
    await loop.queue.add('default/web', { traceparent: testTraceparent(2) });
    hold.open();
    await settled(loop, reconciler);

    expect(reconciler.runs.map((run) => [traceIdOf(run.ctx.traceparent), run.ctx.attempt])).toEqual([
      [traceIdOf(testTraceparent(1)), 0],
      [traceIdOf(testTraceparent(1)), 1],
      [traceIdOf(testTraceparent(2)), 0],
    ]);
  });

  it('requeues after requeueAfterMs, and an add pulls the key forward', async () => {
    const registry = new Registry();
    const reconciler = new ScriptedReconciler('requeue', async (_run, index) =>
      index === 0 ? { requeueAfterMs: 200 } : index === 1 ? { requeueAfterMs: 60_000 } : undefined,
    );
    const loop = loopFor('requeue', reconciler, { registry });
    await loop.start();
    await loop.queue.add('default/web');
    await waitFor(() => reconciler.runs.length === 2);
    expect(reconciler.runs[1].startedAt - reconciler.runs[0].endedAt!).toBeGreaterThanOrEqual(190);

    // The second run asked for a minute; a change now must not wait for it.
    await waitFor(async () => (await loop.queue.queue.getDelayedCount()) === 1);
    await loop.queue.add('default/web');
    await waitFor(() => reconciler.runs.length === 3, 3000);
    expect(await registry.metrics()).toContain(
      'controller_reconcile_total{controller="requeue",result="requeue"} 2',
    );
  });

  it('takes no keys while paused', async () => {
    const reconciler = new ScriptedReconciler('paused');
    const loop = loopFor('paused', reconciler);
    await loop.pause();
    await loop.start();
    await loop.queue.add('default/web');
    await sleep(300);
    expect(reconciler.runs).toHaveLength(0);
    await loop.resume();
    await waitFor(() => reconciler.runs.length === 1);
  });

  it('exports the workqueue metrics under their Kubernetes names', async () => {
    const registry = new Registry();
    const reconciler = new ScriptedReconciler('metrics-ctl');
    const loop = loopFor('metrics-q', reconciler, { registry });
    await loop.queue.addMany([{ key: 'a/x' }, { key: 'a/y' }, { key: 'a/y' }]);
    expect(await registry.metrics()).toContain('workqueue_depth{name="metrics-q"} 2');

    await loop.start();
    await settled(loop, reconciler);
    const text = await registry.metrics();
    expect(text).toContain('workqueue_depth{name="metrics-q"} 0');
    expect(text).toContain('workqueue_adds_total{name="metrics-q"} 3');
    expect(text).toContain('workqueue_queue_duration_seconds_count{name="metrics-q"} 2');
    expect(text).toContain('workqueue_work_duration_seconds_count{name="metrics-q"} 2');
    expect(text).toContain('controller_reconcile_total{controller="metrics-ctl",result="success"} 2');
  });
});
