/**
 * Enqueues a controller's keys when this process's informer sees a change, as client-go's
 * controllers do from their event handlers. The apiserver's dispatcher enqueues the same keys
 * from the change log (which survives a crash between write and enqueue), but it can run ahead
 * of this process's caches: a reconcile it triggers may read a cache that does not have the
 * change yet, find nothing to do, and nothing would bring the key back before the periodic
 * resync. An enqueue from the informer comes after the cache has the change. When both wait,
 * the work queue merges them into one reconcile.
 *
 * Both carry the change's trace context (the informer has it from the watch event), so whichever
 * add the queue keeps, the reconcile joins the trace of the request that made the change.
 */
import type { ApiObject, Informer } from '@orchestra/client';
import type { Logger } from '@orchestra/observability';
import type { WorkQueue } from '@orchestra/queues';

export interface EnqueueOnChangeOptions {
  /** Only the leader enqueues: a follower's adds would be work for the leader twice over. */
  isActive: () => boolean;
  logger: Logger;
}

/** Whether an update matters to the controller (adds and deletes always do). */
export type Relevant<T> = (oldObject: T, newObject: T) => boolean;

export function enqueueOnChange<T extends ApiObject>(
  informer: Informer<T>,
  queue: WorkQueue,
  keysOf: (object: T) => (string | undefined)[],
  { isActive, logger }: EnqueueOnChangeOptions,
  relevant: Relevant<T> = () => true,
): void {
  const enqueue = (object: T, traceparent: string | undefined) => {
    // The initial list is not a change: the controllers' resync covers it when they start.
    if (!informer.hasSynced() || !isActive()) return;
    const keys = keysOf(object).filter((k): k is string => !!k);
    if (keys.length === 0) return;
    queue
      .addMany(keys.map((key) => ({ key, traceparent })))
      .catch((error) => logger.warn('enqueue from informer failed', { queue: queue.name, keys, error }));
  };
  informer.addEventHandler({
    onAdd: enqueue,
    onUpdate: (old, object, traceparent) => {
      if (relevant(old, object)) enqueue(object, traceparent);
    },
    onDelete: enqueue,
  });
}
