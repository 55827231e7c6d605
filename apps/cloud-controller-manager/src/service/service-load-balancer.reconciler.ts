/**
 * The service controller (k8s.io/cloud-provider controllers/service): a `type: LoadBalancer`
 * Service gets a cloud load balancer and its address in status.loadBalancer.ingress; the
 * `service.kubernetes.io/load-balancer-cleanup` finalizer keeps the Service until the load
 * balancer is deleted, so its address is always released: on delete, and when the type changes
 * away from LoadBalancer. Events as Kubernetes': EnsuringLoadBalancer, EnsuredLoadBalancer,
 * DeletingLoadBalancer, DeletedLoadBalancer, SyncLoadBalancerFailed.
 */
import { ApiError, type Service } from '@orchestra/api';
import type { EventRecorder, Lister, ResourceClient } from '@orchestra/client';
import type { Reconciler } from '@orchestra/queues';
import type { CloudProvider } from '../cloud/cloud-provider';
import { loadBalancerName } from './load-balancer-name';

export const LOAD_BALANCER_CLEANUP_FINALIZER = 'service.kubernetes.io/load-balancer-cleanup';

export function wantsLoadBalancer(service: Service): boolean {
  return service.spec?.type === 'LoadBalancer' && !service.metadata.deletionTimestamp;
}

export class ServiceLoadBalancerReconciler implements Reconciler {
  readonly name = 'service';

  constructor(
    private readonly services: Lister<Service>,
    private readonly servicesApi: ResourceClient<Service>,
    private readonly cloud: CloudProvider,
    private readonly events: EventRecorder,
  ) {}

  async reconcile(key: string): Promise<void> {
    const service = this.services.get(key);
    if (!service) return; // the finalizer held it until its load balancer was gone
    try {
      if (wantsLoadBalancer(service)) await this.ensure(service);
      else await this.ensureDeleted(service);
    } catch (error) {
      if (error instanceof ApiError && (error.code === 404 || error.code === 409)) throw error;
      void this.events.warning(
        service,
        'SyncLoadBalancerFailed',
        `Error syncing load balancer: ${(error as Error).message}`,
      );
      throw error;
    }
  }

  private async ensure(service: Service): Promise<void> {
    let current = service;
    const finalizers = current.metadata.finalizers ?? [];
    // The finalizer first: from then on, a delete waits for the load balancer to go.
    if (!finalizers.includes(LOAD_BALANCER_CLEANUP_FINALIZER))
      current = await this.servicesApi.update({
        ...current,
        metadata: { ...current.metadata, finalizers: [...finalizers, LOAD_BALANCER_CLEANUP_FINALIZER] },
      });
    const name = loadBalancerName(current);
    const existing = await this.cloud.loadBalancers.get(name);
    if (!existing) void this.events.normal(current, 'EnsuringLoadBalancer', 'Ensuring load balancer');
    const lb = await this.cloud.loadBalancers.ensure(
      name,
      `${current.metadata.namespace}/${current.metadata.name}`,
    );
    const ingress = [{ ip: lb.ip, ipMode: 'VIP' as const }];
    if (JSON.stringify(current.status?.loadBalancer?.ingress ?? []) !== JSON.stringify(ingress))
      await this.servicesApi.updateStatus({
        ...current,
        status: { ...current.status, loadBalancer: { ingress } },
      });
    if (!existing) void this.events.normal(current, 'EnsuredLoadBalancer', 'Ensured load balancer');
  }

  private async ensureDeleted(service: Service): Promise<void> {
    let current = service;
    const name = loadBalancerName(current);
    const hasFinalizer = (current.metadata.finalizers ?? []).includes(LOAD_BALANCER_CLEANUP_FINALIZER);
    const hasIngress = (current.status?.loadBalancer?.ingress ?? []).length > 0;
    const existing = await this.cloud.loadBalancers.get(name);
    if (!hasFinalizer && !hasIngress && !existing) return;
    if (existing) void this.events.normal(current, 'DeletingLoadBalancer', 'Deleting load balancer');
    await this.cloud.loadBalancers.ensureDeleted(name);
    if (hasIngress && !current.metadata.deletionTimestamp)
      current = await this.servicesApi.updateStatus({
        ...current,
        status: { ...current.status, loadBalancer: {} },
      });
    if (existing) void this.events.normal(current, 'DeletedLoadBalancer', 'Deleted load balancer');
    if (hasFinalizer) {
      const finalizers = (current.metadata.finalizers ?? []).filter(
        (f) => f !== LOAD_BALANCER_CLEANUP_FINALIZER,
      );
      await this.servicesApi.update({
        ...current,
        metadata: { ...current.metadata, finalizers: finalizers.length ? finalizers : undefined },
      });
    }
  }
}
