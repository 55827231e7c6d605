/** The serviceaccount controller's API port, carried out with the typed client. */
import { builtinResources, ResourceDefinition, ServiceAccount } from '@orchestra/api';
import { ApiClient } from '@orchestra/client';
import { ServiceAccountApi } from '../serviceaccount/serviceaccount.reconciler';

const serviceAccountDefinition = builtinResources.find(
  (d) => d.kind === 'ServiceAccount',
) as ResourceDefinition;

export class ServiceAccountApiAdapter implements ServiceAccountApi {
  constructor(private readonly client: ApiClient) {}

  async create(serviceAccount: ServiceAccount): Promise<void> {
    await this.client.resource<ServiceAccount>(serviceAccountDefinition).create(serviceAccount);
  }
}
