/**
 * The controller contract (controller-runtime's Reconciler): given a key, make the world match
 * the desired state read from the informer caches. Level-triggered and idempotent: it never
 * trusts what the event that enqueued the key said.
 */

export interface ReconcileResult {
  /** Reconcile this key again after this long even if nothing changes (e.g. minReadySeconds). */
  requeueAfterMs?: number;
}

export interface ReconcileContext {
  /**
   * W3C traceparent of this reconcile's span (under the change that caused it), for the writes
   * and adds it makes; absent when not tracing.
   */
  traceparent?: string;
  /** Unique id of this reconcile, for logs. */
  reconcileId: string;
  /** How many times this key has failed in a row before this attempt. */
  attempt: number;
}

export interface Reconciler {
  /** The controller's name: the `controller` and `name` labels of its metrics. */
  readonly name: string;
  reconcile(key: string, ctx: ReconcileContext): Promise<ReconcileResult | void>;
}

/** An error that retrying cannot fix: logged once, not retried (the next change or resync retries). */
export class TerminalError extends Error {
  override name = 'TerminalError';
}
