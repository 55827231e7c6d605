/**
 * The Endpoints controller (Kubernetes pkg/controller/endpoint): keeps each Service's Endpoints
 * (same namespace and name) listing the pods its selector selects. Keys are Service keys
 * (`namespace/name`), plus the dispatcher's `@pods/<namespace>` for a pod change: the dispatcher
 * cannot tell which Services select a pod (it keeps no cache of them, and a label change matters
 * to the Services that selected the pod before as much as to those that select it now), so that
 * key puts every Service of the namespace that has a selector back on this queue. Cost: a pod
 * change re-syncs all Services of its namespace, each over the namespace's pods, in memory; the
 * queue's deduplication folds a burst of pod changes into one fan-out, and an unchanged
 * computation writes nothing.
 */
import { Endpoints, Pod, Service } from '@orchestra/api';
import { Lister, objectKey, splitKey } from '@orchestra/client';
import { namespaceOfPodsKey, ReconcileContext, ReconcileResult, Reconciler } from '@orchestra/queues';
import { hasStatusCause, isNotFound, namespaceTerminatingCause } from '../controller-utils/api-errors';
import { EndpointsApi } from './endpoints-api.port';
import { hasSelector, syncEndpoints } from './endpoints-sync';

/** Endpoints used as a leader-election lock (old-style): never the controller's to delete. */
export const leaderAnnotation = 'control-plane.alpha.kubernetes.io/leader';

export interface EndpointsReconcilerDeps {
  services: Lister<Service>;
  endpoints: Lister<Endpoints>;
  pods: Lister<Pod>;
  api: EndpointsApi;
  /** Adds Service keys to this controller's own queue (the `@pods/<namespace>` fan-out). */
  enqueue: (keys: string[], traceparent?: string) => Promise<void>;
}

export class EndpointsReconciler implements Reconciler {
  readonly name = 'endpoints';

  constructor(private readonly deps: EndpointsReconcilerDeps) {}

  async reconcile(key: string, ctx?: ReconcileContext): Promise<ReconcileResult | void> {
    const podsNamespace = namespaceOfPodsKey(key);
    if (podsNamespace !== undefined) return this.fanOut(podsNamespace, ctx?.traceparent);

    const { services, endpoints, pods, api } = this.deps;
    const current = endpoints.get(key);
    const service = services.get(key);
    if (!service) return this.deleteLeftover(key, current);

    const sync = syncEndpoints(service, pods.list(splitKey(key).namespace), current);
    if (sync.action === 'update') await api.update(sync.endpoints);
    if (sync.action === 'create') {
      // AlreadyExists (a cache behind our own create) is thrown: the retry sees it and updates.
      await api.create(sync.endpoints).catch((e: unknown) => {
        // Creating in a namespace being deleted cannot succeed; its Services go away too.
        if (!hasStatusCause(e, namespaceTerminatingCause)) throw e;
      });
    }
  }

  /** Every Service of the namespace that has a selector (the others have user-managed Endpoints). */
  private async fanOut(namespace: string, traceparent?: string): Promise<void> {
    const keys = this.deps.services.list(namespace).filter(hasSelector).map(objectKey);
    if (keys.length > 0) await this.deps.enqueue(keys, traceparent);
  }

  /**
   * The Service is gone: delete its Endpoints, as Kubernetes does, by name even when the cache
   * has not seen them yet (NotFound is fine) — except an Endpoints that serves as a leader lock.
   */
  private async deleteLeftover(key: string, current: Endpoints | undefined): Promise<void> {
    if (current?.metadata.annotations?.[leaderAnnotation] !== undefined) return;
    const { namespace, name } = splitKey(key);
    await this.deps.api.delete(namespace ?? '', name).catch((e: unknown) => {
      if (!isNotFound(e)) throw e;
    });
  }
}
