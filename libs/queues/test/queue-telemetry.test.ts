/**
 * The trace context through the queues, with tracing on in this process and a real Redis: an add
 * is a PRODUCER span under the change's context, the job carries it, and the consumer (a
 * ControllerLoop's Worker or the MultiQueueConsumer's manual workers) works in a CONSUMER span
 * under it; work with no cause, and BullMQ's own background chatter, never joins a change's trace.
 */
import { trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Registry } from 'prom-client';
import { ControllerLoop, MultiQueueConsumer, queuePrefix, ReceivedJob, WorkQueue } from '../src';
import { startInProcessTracing, testTraceparent, traceIdOf } from '../../../tools/testing/in-process-tracing';
import { createTestRedis, TestRedis } from '../../../tools/testing/test-redis';
import { captureLogger, newLoop, ScriptedReconciler, settled, sleep, waitFor } from './queue-test-kit';

const tracing = startInProcessTracing();
const PRODUCER = 3;
const CONSUMER = 4;
const spanIdOf = (traceparent: string) => traceparent.split('-')[2];

/** The span's ancestors that ended, nearest first, up to the first one not exported. */
function ancestry(span: ReadableSpan): { span?: ReadableSpan; parentId?: string }[] {
  const chain: { span?: ReadableSpan; parentId?: string }[] = [];
  for (let parentId = tracing.parentOf(span); parentId;) {
    const parent = tracing.span(parentId);
    chain.push({ span: parent, parentId });
    if (!parent) break;
    parentId = tracing.parentOf(parent);
  }
  return chain;
}

describe('queue telemetry (bullmq-otel)', () => {
  let redis: TestRedis;
  const loops: ControllerLoop[] = [];
  let consumer: MultiQueueConsumer | undefined;
  const producers: WorkQueue[] = [];

  beforeAll(() => {
    redis = createTestRedis('qtel');
  });
  beforeEach(() => tracing.reset());
  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
    for (const loop of loops.splice(0)) {
      await loop.queue.queue.obliterate({ force: true });
      await loop.stop();
    }
    for (const producer of producers.splice(0)) {
      await producer.queue.obliterate({ force: true });
      await producer.close();
    }
  });
  afterAll(() => redis.cleanup());

  it('reconciles in a consumer span under the producer span under the change', async () => {
    const reconciler = new ScriptedReconciler('traced');
    const loop = newLoop(redis, 'traced', reconciler);
    loops.push(loop);
    const change = testTraceparent(7);
    await loop.queue.add('default/web', { traceparent: change });
    await loop.start();
    await settled(loop, reconciler);

    const reconcile = await waitFor(() => tracing.spans().some((s) => s.name === 'reconcile traced')).then(
      () => tracing.spans().find((s) => s.name === 'reconcile traced')!,
    );
    expect(reconcile.spanContext().traceId).toBe(traceIdOf(change));
    expect(traceIdOf(reconciler.runs[0].ctx.traceparent)).toBe(traceIdOf(change));
    const [consumed, produced, cause] = ancestry(reconcile);
    expect(consumed.span).toMatchObject({ name: 'process traced', kind: CONSUMER });
    expect(consumed.span!.attributes).toMatchObject({
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'traced',
    });
    expect(produced.span).toMatchObject({ name: 'addBulk traced', kind: PRODUCER });
    expect(produced.span!.attributes).toMatchObject({
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'send',
      'messaging.destination.name': 'traced',
      'messaging.batch.message_count': 1,
    });
    // The change's own span (the apiserver's, in real life) is the producer's parent.
    expect(cause).toEqual({ span: undefined, parentId: spanIdOf(change) });
  });

  it('adds work with no cause as a trace of its own, whatever context is active', async () => {
    const reconciler = new ScriptedReconciler('uncaused');
    const loop = newLoop(redis, 'uncaused', reconciler);
    loops.push(loop);
    await trace.getTracer('test').startActiveSpan('ambient', async (span) => {
      await loop.queue.add('default/web');
      span.end();
    });
    await loop.start();
    await settled(loop, reconciler);

    const producer = tracing.spans().find((s) => s.name === 'addBulk uncaused')!;
    expect(producer).toBeDefined();
    expect(tracing.parentOf(producer)).toBeUndefined();
    const ambientTrace = tracing
      .spans()
      .find((s) => s.name === 'ambient')!
      .spanContext().traceId;
    expect(traceIdOf(reconciler.runs[0].ctx.traceparent)).toBe(producer.spanContext().traceId);
    expect(producer.spanContext().traceId).not.toBe(ambientTrace);
  });

  it('requeues after requeueAfterMs in a trace of its own, not the change that caused the first reconcile', async () => {
    const reconciler = new ScriptedReconciler('requeued', async (_run, index) =>
      index === 0 ? { requeueAfterMs: 50 } : undefined,
    );
    const loop = newLoop(redis, 'requeued', reconciler);
    loops.push(loop);
    const change = testTraceparent(8);
    await loop.queue.add('default/web', { traceparent: change });
    await loop.start();
    await waitFor(() => reconciler.runs.length === 2);
    await settled(loop, reconciler);

    expect(traceIdOf(reconciler.runs[0].ctx.traceparent)).toBe(traceIdOf(change));
    expect(reconciler.runs[1].ctx.traceparent).toBeDefined();
    expect(traceIdOf(reconciler.runs[1].ctx.traceparent)).not.toBe(traceIdOf(change));
  });

  it('hands a manual consumer the job in a consumer span under the change', async () => {
    const producer = new WorkQueue('kubelet-traced', {
      connection: redis.client,
      prefix: queuePrefix(redis.prefix),
    });
    producers.push(producer);
    const received: ReceivedJob[] = [];
    consumer = new MultiQueueConsumer({
      connection: redis.client,
      prefix: queuePrefix(redis.prefix),
      metricsName: 'test',
      registry: new Registry(),
      logger: captureLogger().logger,
      handle: (_queue, job) => void received.push(job),
      blockTimeoutSeconds: 1,
    });
    consumer.add('kubelet-traced');
    await consumer.start();
    const change = testTraceparent(9);
    await producer.add('default/web-1', { traceparent: change });
    await waitFor(() => received.length === 1);

    expect(received[0].key).toBe('default/web-1');
    expect(traceIdOf(received[0].traceparent)).toBe(traceIdOf(change));
    await waitFor(() => tracing.spans().some((s) => s.name === 'process kubelet-traced'));
    const consumed = tracing.spans().find((s) => s.name === 'process kubelet-traced')!;
    expect(consumed.kind).toBe(CONSUMER);
    expect(consumed.spanContext().spanId).toBe(spanIdOf(received[0].traceparent!));
    expect(consumed.attributes).toMatchObject({
      'messaging.system': 'bullmq',
      'messaging.destination.name': 'kubelet-traced',
      'messaging.operation.type': 'process',
    });
    const [produced, cause] = ancestry(consumed);
    expect(produced.span).toMatchObject({ name: 'addBulk kubelet-traced', kind: PRODUCER });
    expect(cause).toEqual({ span: undefined, parentId: spanIdOf(change) });
  });

  it("records only BullMQ's messaging spans, none of its background chatter", async () => {
    const reconciler = new ScriptedReconciler('quiet');
    const loop = new ControllerLoop('quiet', reconciler, {
      connection: redis.client,
      prefix: queuePrefix(redis.prefix),
      registry: new Registry(),
      logger: captureLogger().logger,
      stalledIntervalMs: 50,
    });
    loops.push(loop);
    await loop.start();
    await loop.pause();
    await loop.resume();
    await sleep(300); // several stalled-job checks
    expect(tracing.spans().map((s) => s.name)).toEqual([]);
  });
});
