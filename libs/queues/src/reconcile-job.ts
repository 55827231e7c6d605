/** The payload of every work-queue job: an object key and the trace context, never the object. */

export interface ReconcileJob {
  /** `namespace/name` or `name`. */
  key: string;
  traceparent?: string;
}

/** Checked on enqueue and on receipt, so a malformed job fails loudly instead of reconciling nothing. */
export function assertReconcileJob(data: unknown): asserts data is ReconcileJob {
  const job = data as Partial<ReconcileJob> | null;
  if (!job || typeof job.key !== 'string' || job.key === '') {
    throw new Error(`malformed reconcile job: ${JSON.stringify(data)}`);
  }
  if (job.traceparent !== undefined && typeof job.traceparent !== 'string') {
    throw new Error(`malformed reconcile job traceparent: ${JSON.stringify(data)}`);
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
