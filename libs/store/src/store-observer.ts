/**
 * A hook for watching the store work, so the apiserver can measure it (operations, latency,
 * conflicts) while this library stays free of any metrics library.
 */

/**
 * The store's operations, named as Kubernetes' etcd_request_* metrics name them:
 * - `get`: one object (`get`, `getJson`);
 * - `list`: one call of `list`, however many pages of Redis it reads;
 * - `create`, `update`, `delete`: one atomic write (script) each; `guaranteedUpdate` shows up
 *   as its reads (`get`) and writes (`update`), one of each per attempt;
 * - `watch`: starting a watch on the change log, until it is live (its catch-up included).
 */
export type StoreOperation = 'get' | 'list' | 'create' | 'update' | 'delete' | 'watch';

export interface StoreObserver {
  /**
   * One operation finished, successfully or not. `resource` is the plural resource name
   * (`pods`, `deployments`).
   */
  operationDone(operation: StoreOperation, resource: string, seconds: number): void;
  /**
   * A write was refused because its resourceVersion was stale: a compare-and-swap failure, a
   * 409 Conflict (also those that guaranteedUpdate retries itself).
   */
  conflict(resource: string): void;
  /**
   * Milliseconds to wait before the operation goes to Redis (0 or absent: none). The apiserver's
   * store-latency chaos action slows its store here, inside the measured time, so the added
   * latency shows in the store's and the requests' metrics as a slow etcd would.
   */
  addedLatencyMs?(operation: StoreOperation, resource: string): number;
}

/** Runs `work` and reports it to `observer`, however it ends. */
export async function observed<T>(
  observer: StoreObserver | undefined,
  operation: StoreOperation,
  resource: string,
  work: () => Promise<T>,
): Promise<T> {
  if (!observer) return work();
  const startedAt = performance.now();
  try {
    const delayMs = observer.addedLatencyMs?.(operation, resource) ?? 0;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return await work();
  } finally {
    observer.operationDone(operation, resource, (performance.now() - startedAt) / 1000);
  }
}
