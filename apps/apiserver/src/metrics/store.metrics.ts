/**
 * The store's metrics (Redis plays etcd): operations, their latency and resourceVersion conflicts
 * by operation and resource, told by the store through its StoreObserver hook, and Kubernetes'
 * apiserver_storage_objects, read from Redis on each scrape.
 *
 * `operation` is get, list, create, update, delete or watch (see StoreOperation); `resource` is the
 * plural resource name (pods, deployments). Kubernetes' etcd_request_duration_seconds has the same
 * buckets; its apiserver_storage_objects names non-core resources with their group
 * (`deployments.apps`), ours by the plural alone.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { StoreObserver, StoreOperation } from '@orchestra/store';

// Kubernetes' buckets for etcd_request_duration_seconds (the same as apiserver_request_duration_seconds).
const durationBuckets = [
  0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
];

/** Objects stored per plural resource name. */
export type ObjectCounter = () => Promise<Map<string, number>>;

export class StoreMetrics implements StoreObserver {
  private readonly operations: Counter<'operation' | 'resource'>;
  private readonly duration: Histogram<'operation' | 'resource'>;
  private readonly conflicts: Counter<'resource'>;
  private countObjects?: ObjectCounter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.operations = new Counter({
      name: 'orchestra_store_operations_total',
      help: 'Store (Redis, the cluster etcd) operations, by operation and resource, whatever their outcome.',
      labelNames: ['operation', 'resource'],
      registers,
    });
    this.duration = new Histogram({
      name: 'orchestra_store_operation_duration_seconds',
      help: 'Store (Redis, the cluster etcd) operation latency in seconds, by operation and resource.',
      labelNames: ['operation', 'resource'],
      buckets: durationBuckets,
      registers,
    });
    this.conflicts = new Counter({
      name: 'orchestra_store_conflicts_total',
      help: 'Writes the store refused because their resourceVersion was stale (compare-and-swap failures, 409 Conflict), by resource.',
      labelNames: ['resource'],
      registers,
    });
    const countObjects = () => this.countObjects?.();
    const counted = new Set<string>();
    new Gauge({
      name: 'apiserver_storage_objects',
      help: 'Number of stored objects at the time of last check split by kind. In case of a fetching error, the value will be -1.',
      labelNames: ['resource'],
      registers,
      async collect() {
        try {
          for (const [resource, count] of (await countObjects()) ?? []) {
            this.set({ resource }, count);
            counted.add(resource);
          }
        } catch {
          // As Kubernetes: -1 says "could not count".
          for (const resource of counted) this.set({ resource }, -1);
        }
      },
    });
  }

  /** Where apiserver_storage_objects comes from (the store, which is built after its observer). */
  countObjectsWith(counter: ObjectCounter): void {
    this.countObjects = counter;
  }

  operationDone(operation: StoreOperation, resource: string, seconds: number): void {
    this.operations.inc({ operation, resource });
    this.duration.observe({ operation, resource }, seconds);
  }

  conflict(resource: string): void {
    this.conflicts.inc({ resource });
  }
}
