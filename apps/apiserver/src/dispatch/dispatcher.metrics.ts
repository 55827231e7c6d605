/**
 * The dispatcher's own metrics. The change log stores no wall-clock time of a change (its ids are
 * revisions), so lag is reported in entries, read from Redis on each scrape: entries not yet
 * delivered to the dispatchers, and entries delivered but not yet enqueued and acknowledged.
 */
import { Counter, Gauge, Registry } from 'prom-client';

export interface ChangeLogProbes {
  length(): Promise<number>;
  undelivered(): Promise<number | null>;
  pending(): Promise<number>;
}

export class DispatcherMetrics {
  readonly jobs: Counter<'queue'>;

  constructor(registry: Registry, probes: ChangeLogProbes) {
    const registers = [registry];
    this.jobs = new Counter({
      name: 'orchestra_dispatcher_jobs_total',
      help: 'Jobs enqueued by the change dispatcher, by queue (before the queue merges duplicates)',
      labelNames: ['queue'],
      registers,
    });
    const gauge = (name: string, help: string, probe: () => Promise<number | null>) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          // Unknown (Redis away, or the group's lag not computable after trimming) is NaN, not 0.
          this.set((await probe().catch(() => null)) ?? NaN);
        },
      });
    gauge('orchestra_changelog_length', 'Entries kept in the change log (a Redis stream)', probes.length);
    gauge(
      'orchestra_dispatcher_undelivered_entries',
      'Change log entries not yet read by any dispatcher (the consumer group lag)',
      probes.undelivered,
    );
    gauge(
      'orchestra_dispatcher_pending_entries',
      'Change log entries read by a dispatcher but not yet enqueued and acknowledged',
      probes.pending,
    );
  }
}
