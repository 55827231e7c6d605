/**
 * The namespace controller: a namespace being deleted is emptied (every namespaced resource in it
 * deleted, gracefully where that applies), then its `kubernetes` finalizer is removed through the
 * `finalize` subresource and the apiserver deletes it.
 */
import { Namespace, ResourceDefinition } from '@orchestra/api';
import { Lister } from '@orchestra/client';
import { ReconcileResult, Reconciler } from '@orchestra/queues';

export const kubernetesFinalizer = 'kubernetes';
/** Objects that delete gracefully (pods on a node) take time: look again this often. */
const recheckMs = 1000;

export interface NamespaceApi {
  /** Deletes every object of a resource in the namespace (DELETE collection). */
  deleteCollection(def: ResourceDefinition, namespace: string): Promise<void>;
  /** How many objects of a resource are still in the namespace (a live list, not a cache). */
  countRemaining(def: ResourceDefinition, namespace: string): Promise<number>;
  /** PUT namespaces/{name}/finalize with these spec.finalizers. */
  finalize(namespace: Namespace, finalizers: string[]): Promise<void>;
}

export class NamespaceReconciler implements Reconciler {
  readonly name = 'namespace';

  constructor(
    private readonly namespaces: Lister<Namespace & { metadata: { name: string } }>,
    private readonly namespacedResources: () => ResourceDefinition[],
    private readonly api: NamespaceApi,
  ) {}

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const namespace = this.namespaces.get(key);
    if (!namespace?.metadata.deletionTimestamp) return;
    const finalizers = namespace.spec?.finalizers ?? [];
    if (!finalizers.includes(kubernetesFinalizer)) return;
    let remaining = 0;
    for (const def of this.namespacedResources()) {
      await this.api.deleteCollection(def, key);
      remaining += await this.api.countRemaining(def, key);
    }
    if (remaining > 0) return { requeueAfterMs: recheckMs };
    await this.api.finalize(
      namespace,
      finalizers.filter((f) => f !== kubernetesFinalizer),
    );
  }
}
