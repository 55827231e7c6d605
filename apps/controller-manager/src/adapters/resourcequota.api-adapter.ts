/** The resourcequota controller's API port, carried out with the typed client. */
import { builtinResources, KubeObject, ResourceDefinition, ResourceQuota } from '@orchestra/api';
import { ApiClient } from '@orchestra/client';
import { ResourceQuotaApi } from '../resourcequota/resourcequota.reconciler';

const quotaDefinition = builtinResources.find((d) => d.kind === 'ResourceQuota') as ResourceDefinition;

export class ResourceQuotaApiAdapter implements ResourceQuotaApi {
  constructor(private readonly client: ApiClient) {}

  async list(def: ResourceDefinition, namespace: string): Promise<KubeObject[]> {
    return (await this.client.resource(def).listAll({ namespace })).items;
  }

  async updateStatus(quota: ResourceQuota): Promise<void> {
    await this.client.resource<ResourceQuota>(quotaDefinition).updateStatus(quota);
  }
}
