/**
 * The scheduler's side of the dispatcher's queue: it takes `scheduler` jobs off BullMQ at once,
 * and a pod's job may arrive before the informer shows the pod. The trace context the job carries
 * (BullMQ's telemetry, so this process traces) is the one the binding is written in, so the change
 * log records it.
 */
import type { Pod } from '@orchestra/api';
import { decodeChangeEntry, StoreKeys } from '@orchestra/store';
import { QueueName, queuePrefix, WorkQueue } from '@orchestra/queues';
import Redis from 'ioredis';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { startInProcessTracing, traceIdOf } from '../../../tools/testing/in-process-tracing';
import { StandinKubelet } from '../../../tools/testing/standin-kubelet';
import { SchedulerQueueWorker } from '../src/queue/scheduler-queue.worker';
import {
  eventually,
  pod,
  podsDef,
  startTestScheduler,
  testClient,
  type TestScheduler,
} from './scheduler-harness';

process.env.LOG_LEVEL ??= 'error';
startInProcessTracing();

describe(SchedulerQueueWorker.name, () => {
  let api: TestApiserver;
  let scheduler: TestScheduler;
  let queue: WorkQueue;
  let connection: Redis;

  beforeAll(async () => {
    api = await startTestApiserver('sched-queue');
    connection = new Redis(api.redis.url, { maxRetriesPerRequest: null });
    queue = new WorkQueue(QueueName.Scheduler, { connection, prefix: queuePrefix(api.redis.prefix) });
    await StandinKubelet.createNodes(testClient(api), [{ name: 'node-1' }]);
    scheduler = await startTestScheduler(api);
  });

  afterAll(async () => {
    await scheduler.close();
    await queue.close();
    connection.disconnect();
    await api.close();
  });

  it('takes a job for a pod not created yet, and binds the pod in the trace the job carries', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await queue.add('default/traced', { traceparent });
    await eventually(
      async () => (await queue.queue.getJobCounts('waiting', 'active')).waiting === 0,
      10_000,
      'the job',
    );

    await testClient(api).resource<Pod>(podsDef).create(pod('traced'));
    await eventually(
      async () => (await testClient(api).resource<Pod>(podsDef).get('traced', 'default')).spec.nodeName,
    );

    const entries = await api.redis.client.xrange(new StoreKeys(api.redis.prefix).changeLog, '-', '+');
    const binding = entries
      .map(([id, fields]) => decodeChangeEntry(id, fields))
      .find(
        (c) =>
          c.resource === 'pods' &&
          c.object.metadata.name === 'traced' &&
          (c.object.spec as Pod['spec']).nodeName,
      );
    // Written in the scheduler's span under the job's, in the job's trace.
    expect(traceIdOf(binding?.traceparent)).toBe(traceIdOf(traceparent));
    expect(binding?.traceparent).not.toBe(traceparent);
  });
});
