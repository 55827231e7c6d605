/**
 * The cluster state behind /metrics: one informer per resource (list + watch through the
 * apiserver), and the exposition text generated from their caches at scrape time, as
 * kube-state-metrics does. A deleted object leaves the cache, so its series are simply gone from
 * the next scrape; nothing is kept per series between scrapes.
 */
import type { ApiObject, Informer, SharedInformerFactory } from '@orchestra/client';
import type { ResourceMetrics } from './exposition/resource-metrics';
import { renderFamily, renderLabels } from './exposition/text-format';
import { clusterStateMetrics } from './families';

interface Store {
  metrics: ResourceMetrics<ApiObject>;
  informer: Informer<ApiObject>;
}

export class ClusterStateCollector {
  private readonly stores: Store[];

  constructor(factory: SharedInformerFactory, resources = clusterStateMetrics) {
    this.stores = resources.map((metrics) => ({ metrics, informer: factory.informerFor(metrics.resource) }));
  }

  /** Every informer has listed its resource once. */
  hasSynced(): boolean {
    return this.stores.every((store) => store.informer.hasSynced());
  }

  waitForSync(timeoutMs?: number): Promise<void> {
    return Promise.all(this.stores.map((store) => store.informer.waitForSync(timeoutMs))).then(
      () => undefined,
    );
  }

  /** Objects cached per resource, e.g. for a start-up log line. */
  counts(): Record<string, number> {
    return Object.fromEntries(
      this.stores.map(({ metrics, informer }) => [metrics.resource.plural, informer.lister.keys().length]),
    );
  }

  /**
   * The exposition text as UTF-8, one list of buffers per metric family. The caches are read once, at the start:
   * cached objects are replaced, never changed, on update, so every family describes the same
   * moment even if the caller lets watch events in between families.
   */
  *families(): Generator<Buffer[]> {
    const snapshot = this.stores.map(({ metrics, informer }) => ({
      metrics,
      objects: informer.lister.list(),
    }));
    for (const { metrics, objects } of snapshot) {
      const own = objects.map((object) => renderLabels(metrics.ownLabels(object)));
      for (const family of metrics.families) yield renderFamily(family, objects, own);
    }
  }
}
