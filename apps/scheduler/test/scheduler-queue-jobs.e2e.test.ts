/** The scheduler reports the jobs of the BullMQ queue it consumes on its /metrics. */
import { QueueName, WorkQueue, queuePrefix } from '@orchestra/queues';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { eventually, metricValue, startTestScheduler, type TestScheduler } from './scheduler-harness';

describe('scheduler orchestra_queue_jobs', () => {
  let api: TestApiserver;
  let scheduler: TestScheduler;
  let queue: WorkQueue;

  beforeAll(async () => {
    api = await startTestApiserver('sched-jobs', { DISPATCHER_ENABLED: 'false' });
    queue = new WorkQueue(QueueName.Scheduler, {
      connection: api.redis.client,
      prefix: queuePrefix(api.redis.prefix),
    });
    scheduler = await startTestScheduler(api);
  });
  afterAll(async () => {
    await scheduler.close();
    await queue.close();
    await api.close();
  });

  it('counts the scheduler queue by state while it consumes it', async () => {
    await queue.add('default/not-yet', { delayMs: 60_000 });
    const body = await eventually(async () => {
      const text = await (await fetch(`${scheduler.url}/metrics`)).text();
      return (
        metricValue(text, 'orchestra_queue_jobs', { queue: 'scheduler', state: 'delayed' }) === 1 && text
      );
    });
    for (const state of ['waiting', 'prioritized', 'active', 'failed'])
      expect([state, metricValue(body, 'orchestra_queue_jobs', { queue: 'scheduler', state })]).toEqual([
        state,
        0,
      ]);
  });
});
