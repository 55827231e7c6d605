/**
 * The serviceaccount controller (Kubernetes pkg/controller/serviceaccount, the
 * serviceaccounts-controller): every active namespace has a `default` ServiceAccount, made again
 * when deleted. Keys are namespace names; a namespace being deleted is left alone.
 */
import { Namespace, ServiceAccount } from '@orchestra/api';
import { Lister } from '@orchestra/client';
import { ReconcileResult, Reconciler } from '@orchestra/queues';
import { isAlreadyExists } from '../controller-utils/api-errors';

export const DEFAULT_SERVICE_ACCOUNT = 'default';

export interface ServiceAccountApi {
  create(serviceAccount: ServiceAccount): Promise<void>;
}

export interface ServiceAccountReconcilerDeps {
  namespaces: Lister<Namespace & { metadata: { name: string } }>;
  serviceAccounts: Lister<ServiceAccount>;
  api: ServiceAccountApi;
}

export class ServiceAccountReconciler implements Reconciler {
  readonly name = 'serviceaccount';

  constructor(private readonly deps: ServiceAccountReconcilerDeps) {}

  async reconcile(namespace: string): Promise<ReconcileResult | void> {
    const ns = this.deps.namespaces.get(namespace);
    if (!ns || ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') return;
    if (this.deps.serviceAccounts.get(`${namespace}/${DEFAULT_SERVICE_ACCOUNT}`)) return;
    await this.deps.api
      .create({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace },
      })
      .catch((error: unknown) => {
        // A cache behind our own (or another instance's) create: it is there, which is the goal.
        if (!isAlreadyExists(error)) throw error;
      });
  }
}
