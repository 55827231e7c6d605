/**
 * The payload of every work-queue job: an object key, never the object. The trace context of the
 * change that caused it travels beside the payload, in BullMQ's telemetry metadata (see
 * queue-telemetry.ts), and consumers hand it on as a ReceivedJob.
 */

export interface ReconcileJob {
  /** `namespace/name` or `name`. */
  key: string;
}

/** A job as a consumer hands it on: its key, and the context its work continues. */
export interface ReceivedJob extends ReconcileJob {
  /** W3C traceparent of the job's consumer span (under the change that caused it), if traced. */
  traceparent?: string;
}

/** Checked on enqueue and on receipt, so a malformed job fails loudly instead of reconciling nothing. */
export function assertReconcileJob(data: unknown): asserts data is ReconcileJob {
  const job = data as Partial<ReconcileJob> | null;
  if (!job || typeof job.key !== 'string' || job.key === '') {
    throw new Error(`malformed reconcile job: ${JSON.stringify(data)}`);
  }
}

/**
 * BullMQ job and deduplication ids may not contain `:`; object keys never do (names are DNS
 * labels), but a key is checked anyway so a bad one cannot corrupt queue state.
 */
export function jobIdOf(key: string): string {
  if (key.includes(':')) throw new Error(`object key "${key}" contains ':'`);
  return key;
}
