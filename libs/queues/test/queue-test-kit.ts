/** Shared pieces of the work-queue tests: a scriptable reconciler, a log sink and polling. */
import { Writable } from 'node:stream';
import { createLogger, Logger } from '@orchestra/observability';
import { Registry } from 'prom-client';
import { ControllerLoop, queuePrefix, ReconcileContext, ReconcileResult, Reconciler } from '../src';
import { TestRedis } from '../../../tools/testing/test-redis';

export interface Run {
  key: string;
  ctx: ReconcileContext;
  startedAt: number;
  endedAt?: number;
}

/** Records every reconcile; `behave` decides what each one does (block, throw, requeue). */
export class ScriptedReconciler implements Reconciler {
  readonly runs: Run[] = [];
  readonly inFlight = new Map<string, number>();
  maxInFlightPerKey = 0;

  constructor(
    readonly name: string,
    private readonly behave: (run: Run, index: number) => Promise<ReconcileResult | void> = async () => {},
  ) {}

  async reconcile(key: string, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const run: Run = { key, ctx, startedAt: Date.now() };
    this.runs.push(run);
    const running = (this.inFlight.get(key) ?? 0) + 1;
    this.inFlight.set(key, running);
    this.maxInFlightPerKey = Math.max(this.maxInFlightPerKey, running);
    try {
      return await this.behave(run, this.runs.length - 1);
    } finally {
      this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
      run.endedAt = Date.now();
    }
  }

  runsOf(key: string): Run[] {
    return this.runs.filter((run) => run.key === key);
  }
}

export function captureLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger({ component: 'test-controller', level: 'info', stream }), lines };
}

export function newLoop(
  redis: TestRedis,
  queueName: string,
  reconciler: Reconciler,
  extra: {
    registry?: Registry;
    logger?: Logger;
    concurrency?: number;
    baseMs?: number;
    isActive?: () => boolean;
  } = {},
): ControllerLoop {
  return new ControllerLoop(queueName, reconciler, {
    connection: redis.client,
    prefix: queuePrefix(redis.prefix),
    registry: extra.registry ?? new Registry(),
    logger: extra.logger ?? captureLogger().logger,
    concurrency: extra.concurrency,
    backoff: { baseMs: extra.baseMs ?? 5, maxMs: 1000 },
    isActive: extra.isActive,
  });
}

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A promise with its resolve function outside, to hold a reconcile open. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Nothing waiting, delayed or running, and no new run for a while: the queue is at rest. */
export async function settled(
  loop: ControllerLoop,
  reconciler: ScriptedReconciler,
  quietMs = 300,
): Promise<void> {
  let seen = -1;
  await waitFor(async () => {
    const counts = await loop.queue.queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
    const busy = Object.values(counts).some((n) => n > 0);
    if (busy || reconciler.runs.length !== seen) {
      seen = reconciler.runs.length;
      return false;
    }
    return true;
  }, 20_000);
  await sleep(quietMs);
  if (reconciler.runs.length !== seen) await settled(loop, reconciler, quietMs);
}
