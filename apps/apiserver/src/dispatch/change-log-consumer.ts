/**
 * Reads the change log as a member of a Redis consumer group, so the group's cursor (its last
 * delivered id and the entries delivered but not acknowledged) is persisted in Redis. An entry is
 * acknowledged only after the handler has finished with it: a process that dies in between leaves
 * it pending, and it is delivered again (to itself on restart, or claimed by another consumer
 * once idle), so no change is lost between the write and the enqueue. At least once: the
 * handler must be idempotent (enqueueing keys is: the queues deduplicate them).
 */
import { ChangeEvent, decodeChangeEntry } from '@orchestra/store';
import Redis from 'ioredis';

export interface ChangeLogConsumerOptions {
  stream: string;
  group: string;
  /** Unique per process: `<hostname>-<pid>`. */
  consumer: string;
  blockMs?: number;
  batchSize?: number;
  /** Entries pending this long on another consumer are taken over (the consumer is presumed dead). */
  claimIdleMs?: number;
  /** Pause after a failed round (Redis away, enqueue failed) before trying the pending entries again. */
  retryDelayMs?: number;
  onError: (error: unknown, context: { stage: string; id?: string }) => void;
}

export type ChangeBatchHandler = (events: ChangeEvent[]) => Promise<void>;

type StreamEntry = [id: string, fields: string[] | null];

export class ChangeLogConsumer {
  private running = false;
  private loop?: Promise<void>;

  /** `reader` must be a dedicated connection: it blocks in XREADGROUP. */
  constructor(
    private readonly reader: Redis,
    private readonly options: ChangeLogConsumerOptions,
    private readonly handle: ChangeBatchHandler,
  ) {}

  async start(): Promise<void> {
    if (this.running) return;
    const { stream, group } = this.options;
    try {
      // `$`: a new group starts at the end; what came before is covered by the workers' initial list.
      await this.reader.xgroup('CREATE', stream, group, '$', 'MKSTREAM');
    } catch (error) {
      if (!String((error as Error).message).startsWith('BUSYGROUP')) throw error;
    }
    this.running = true;
    this.loop = this.run();
  }

  /** Graceful: the batch in hand is finished and acknowledged (a read blocks at most blockMs). */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.reader.disconnect();
  }

  private async run(): Promise<void> {
    const { claimIdleMs = 30_000, retryDelayMs = 500 } = this.options;
    // Own pending entries first: after a restart with the same name, or after a failed round.
    let recovering = true;
    let nextClaimAt = 0;
    while (this.running) {
      try {
        if (Date.now() >= nextClaimAt) {
          await this.claimAbandoned(claimIdleMs);
          nextClaimAt = Date.now() + claimIdleMs;
        }
        if (recovering) recovering = await this.readBatch('0');
        else await this.readBatch('>');
      } catch (error) {
        if (!this.running) return;
        this.options.onError(error, { stage: 'read' });
        recovering = true;
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
      }
    }
  }

  /** Reads and handles one batch: `0` = own pending entries, `>` = new ones. True if any came. */
  private async readBatch(from: '0' | '>'): Promise<boolean> {
    const { stream, group, consumer, batchSize = 500, blockMs = 1000 } = this.options;
    const block = from === '>' ? ['BLOCK', blockMs] : [];
    const reply = (await this.reader.call(
      'XREADGROUP',
      'GROUP',
      group,
      consumer,
      'COUNT',
      batchSize,
      ...block,
      'STREAMS',
      stream,
      from,
    )) as [string, StreamEntry[]][] | null;
    const entries = reply?.[0]?.[1] ?? [];
    if (entries.length) await this.process(entries);
    return entries.length > 0;
  }

  /** XAUTOCLAIM: takes over what dead consumers left pending, then forgets long-gone consumers. */
  private async claimAbandoned(minIdleMs: number): Promise<void> {
    const { stream, group, consumer, batchSize = 500 } = this.options;
    let cursor = '0-0';
    do {
      const [next, entries] = (await this.reader.call(
        'XAUTOCLAIM',
        stream,
        group,
        consumer,
        minIdleMs,
        cursor,
        'COUNT',
        batchSize,
      )) as [string, StreamEntry[], string[]];
      if (entries.length) await this.process(entries);
      cursor = next;
    } while (cursor !== '0-0');
    const consumers = (await this.reader.call('XINFO', 'CONSUMERS', stream, group)) as unknown[][];
    for (const info of consumers.map(fieldsOf)) {
      // A live consumer reads every blockMs; one silent this long with nothing pending is gone.
      if (info.name !== consumer && info.pending === 0 && Number(info.idle) > 10 * minIdleMs) {
        await this.reader.call('XGROUP', 'DELCONSUMER', stream, group, String(info.name));
      }
    }
  }

  private async process(entries: StreamEntry[]): Promise<void> {
    const events: ChangeEvent[] = [];
    for (const [id, fields] of entries) {
      // null fields: trimmed from the log before it was handled; a resync covers it.
      if (!fields) continue;
      try {
        events.push(decodeChangeEntry(id, fields));
      } catch (error) {
        this.options.onError(error, { stage: 'decode', id }); // a poison entry must not block the log
      }
    }
    if (events.length) await this.handle(events);
    await this.reader.xack(this.options.stream, this.options.group, ...entries.map(([id]) => id));
  }
}

function fieldsOf(flat: unknown[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[String(flat[i])] = flat[i + 1];
  return fields;
}
