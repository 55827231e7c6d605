/**
 * The BullMQ queues a process consumes, and their job counts by state, read from Redis when
 * Prometheus scrapes (orchestra_queue_jobs, and the kubelet's workqueue_depth). A kubelet may
 * consume a queue per node, 1,000 of them, so a read is one small read-only script per batch of
 * queues (LLEN/ZCARD on BullMQ's keys, O(1) each), all sent at once, instead of BullMQ's
 * getJobCounts script per queue; and the collectors of one scrape share that read.
 */
import { QueueKeys } from 'bullmq';
import type Redis from 'ioredis';

/**
 * Job states as BullMQ keeps them apart: waiting (its `wait` list), prioritized (waiting jobs
 * that have a priority sit in a sorted set of their own), delayed (also jobs waiting out a retry
 * back-off), active, and failed (kept, bounded by removeOnFail). Completed jobs are removed as
 * they complete, so there is nothing to count.
 */
export const queueJobStates = ['waiting', 'prioritized', 'delayed', 'active', 'failed'] as const;
export type QueueJobState = (typeof queueJobStates)[number];
export type QueueJobCounts = Record<QueueJobState, number>;

/**
 * KEYS: each queue's key base (`<prefix>:<name>:`); returns the counts of every queue in the
 * order of queueJobStates. The keys share the prefix's hash tag, so this holds on Redis Cluster.
 */
const countScript = `
local out = {}
for i = 1, #KEYS do
  local base = KEYS[i]
  out[#out + 1] = redis.call('LLEN', base .. 'wait')
  out[#out + 1] = redis.call('ZCARD', base .. 'prioritized')
  out[#out + 1] = redis.call('ZCARD', base .. 'delayed')
  out[#out + 1] = redis.call('LLEN', base .. 'active')
  out[#out + 1] = redis.call('ZCARD', base .. 'failed')
end
return out
`;
/** Queues per script call: each call holds Redis for well under a millisecond. */
const queuesPerCall = 250;

export interface QueueLocation {
  connection: Redis;
  /** BullMQ's prefix: `queuePrefix(keyPrefix)`. */
  prefix: string;
}

/** A read that takes longer (Redis away) fails, so a scrape still answers with everything else. */
const defaultReadTimeoutMs = 2_000;

export class ConsumedQueues {
  private readonly queues = new Map<string, QueueLocation>();
  private reading?: Promise<Map<string, QueueJobCounts>>;

  constructor(private readonly readTimeoutMs = defaultReadTimeoutMs) {}

  add(name: string, location: QueueLocation): void {
    this.queues.set(name, location);
  }

  delete(name: string): void {
    this.queues.delete(name);
  }

  /**
   * Every queue's job counts. Callers at the same time share one read, and a read still in
   * flight is never started again (with Redis away, reads do not pile up scrape after scrape).
   */
  async read(): Promise<Map<string, QueueJobCounts>> {
    this.reading ??= this.readAll().finally(() => (this.reading = undefined));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('reading queue job counts timed out')), this.readTimeoutMs);
    });
    try {
      return await Promise.race([this.reading, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Jobs waiting to be taken (waiting, prioritized, delayed) in these queues together. */
  async depth(names: Iterable<string>): Promise<number> {
    const counts = await this.read();
    let depth = 0;
    for (const name of names) {
      const queue = counts.get(name);
      if (queue) depth += queue.waiting + queue.prioritized + queue.delayed;
    }
    return depth;
  }

  private async readAll(): Promise<Map<string, QueueJobCounts>> {
    const batches: { connection: Redis; names: string[]; keys: string[] }[] = [];
    const open = new Map<Redis, (typeof batches)[number]>();
    for (const [name, { connection, prefix }] of this.queues) {
      let batch = open.get(connection);
      if (!batch || batch.names.length === queuesPerCall) {
        batch = { connection, names: [], keys: [] };
        batches.push(batch);
        open.set(connection, batch);
      }
      batch.names.push(name);
      batch.keys.push(new QueueKeys(prefix).toKey(name, ''));
    }
    const counts = new Map<string, QueueJobCounts>();
    await Promise.all(
      batches.map(async ({ connection, names, keys }) => {
        const reply = (await connection.eval(countScript, keys.length, ...keys)) as number[];
        names.forEach((name, q) => {
          const byState = {} as QueueJobCounts;
          queueJobStates.forEach((state, s) => (byState[state] = reply[q * queueJobStates.length + s]));
          counts.set(name, byState);
        });
      }),
    );
    return counts;
  }
}
