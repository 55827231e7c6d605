/**
 * The resourcequota controller (Kubernetes pkg/controller/resourcequota): recomputes a quota's
 * status from the namespace's objects — status.hard from spec.hard, status.used by counting what
 * the namespace holds now — so deletes and finished pods give quota back and `kubectl describe
 * quota` shows the usage. The apiserver's ResourceQuota admission charges creates at once; this
 * controller is what corrects the count afterwards. Keys are quota keys (`namespace/name`).
 * The status is written with the cached resourceVersion: if admission charged the quota in the
 * meantime, the write is a 409 and the retry counts again.
 */
import {
  computeQuotaUsage,
  KubeObject,
  ResourceDefinition,
  ResourceQuota,
  ResourceList,
  toResourceList,
  canonicalizeResourceList,
} from '@orchestra/api';
import { Lister } from '@orchestra/client';
import { ReconcileResult, Reconciler } from '@orchestra/queues';
import { Clock, systemClock } from '../controller-utils';

export interface ResourceQuotaApi {
  /** The namespace's objects of one resource, read live (not from a cache that may lag a delete). */
  list(def: ResourceDefinition, namespace: string): Promise<KubeObject[]>;
  /** PUT resourcequotas/{name}/status, a 409 when the quota changed since it was read. */
  updateStatus(quota: ResourceQuota): Promise<void>;
}

export interface ResourceQuotaReconcilerDeps {
  quotas: Lister<ResourceQuota>;
  /** The namespaced resources a quota may count. */
  resources: () => readonly ResourceDefinition[];
  api: ResourceQuotaApi;
  clock?: Clock;
}

const sameList = (a: ResourceList | undefined, b: ResourceList | undefined): boolean => {
  const canonical = (l: ResourceList | undefined) => {
    try {
      return JSON.stringify(Object.entries(canonicalizeResourceList(l ?? {})).sort());
    } catch {
      return JSON.stringify(l ?? {});
    }
  };
  return canonical(a) === canonical(b);
};

export class ResourceQuotaReconciler implements Reconciler {
  readonly name = 'resourcequota';

  constructor(private readonly deps: ResourceQuotaReconcilerDeps) {}

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const quota = this.deps.quotas.get(key);
    if (!quota) return;
    const namespace = quota.metadata.namespace!;
    const hard = quota.spec?.hard ?? {};
    const now = new Date((this.deps.clock ?? systemClock).now());
    const used = await computeQuotaUsage(
      Object.keys(hard),
      this.deps.resources(),
      (def) => this.deps.api.list(def, namespace),
      now,
      quota.spec?.scopes,
    );
    const status = { hard: { ...hard }, used: toResourceList(used) };
    if (sameList(quota.status?.hard, status.hard) && sameList(quota.status?.used, status.used)) return;
    await this.deps.api.updateStatus({ ...quota, status });
  }
}
