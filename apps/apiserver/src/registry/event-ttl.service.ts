/**
 * Event expiry, as kube-apiserver's `--event-ttl` (default 1 h). Kubernetes stores each Event
 * under an etcd lease renewed on every write; Redis has no per-key expiry that would also tell
 * watchers, so the apiserver sweeps instead: every EVENT_TTL_SWEEP_INTERVAL_MS it deletes, through
 * the store (so the change log carries a DELETED), the Events last seen longer ago than the TTL.
 *
 * Several apiserver replicas each run this sweep, and that is harmless: a delete is conditional
 * on the resourceVersion that was judged old, so an Event refreshed in between survives, and one
 * another replica deleted first is a 404 that is simply skipped.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ApiError, builtinResources, Event, KubeObject, ResourceDefinition } from '@orchestra/api';
import { RedisStore } from '@orchestra/store';
import { ApiserverConfig } from '../apiserver.config';

const eventDefinition = builtinResources.find(
  (d) => d.kind === 'Event' && d.group === '',
) as ResourceDefinition;
const pageSize = 500;

/** When the Event last happened: its series, lastTimestamp or eventTime, else when it was created. */
export function lastSeen(event: Event & { series?: { lastObservedTime?: string } }): number {
  const time =
    event.series?.lastObservedTime ||
    event.lastTimestamp ||
    event.eventTime ||
    event.metadata.creationTimestamp;
  return time ? Date.parse(time) : NaN;
}

@Injectable()
export class EventTtlService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('EventTtl');
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;
  /** The clock, replaceable in tests. */
  now: () => number = Date.now;

  constructor(
    @Inject(RedisStore) private readonly store: RedisStore,
    @Inject(ApiserverConfig) private readonly config: ApiserverConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      // A sweep slower than the interval is not started twice.
      this.sweeping ??= this.sweep()
        .catch((error: unknown) => this.logger.error(`event TTL sweep failed: ${String(error)}`))
        .finally(() => (this.sweeping = undefined));
    }, this.config.eventTtlSweepIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping; // let a running sweep finish before Redis closes
  }

  /** Deletes every expired Event, one page at a time; returns how many it deleted. */
  async sweep(): Promise<number> {
    const cutoff = this.now() - this.config.eventTtlSeconds * 1000;
    const expired = (o: KubeObject) => lastSeen(o as unknown as Event) < cutoff;
    let deleted = 0;
    let token: string | undefined;
    do {
      const page = await this.store.list(eventDefinition, {
        limit: pageSize,
        continue: token,
        predicate: expired,
      });
      for (const event of page.items) {
        const { namespace, name, resourceVersion } = event.metadata;
        try {
          await this.store.delete(eventDefinition, namespace, name!, resourceVersion);
          deleted++;
        } catch (error) {
          // 404: another apiserver deleted it; 409: it was updated (seen again) since the list.
          if (!(error instanceof ApiError && (error.code === 404 || error.code === 409))) throw error;
        }
      }
      token = page.continue;
    } while (token);
    return deleted;
  }
}
